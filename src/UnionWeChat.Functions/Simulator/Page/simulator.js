// The WeChat simulator page. Plain script, no build step. Everything the app or a worker wrote is shown with
// textContent (never innerHTML); links are made with the DOM API and only for http(s) URLs.
"use strict";

(() => {
  const base = "/dev/wechat";
  const storeKey = "unionwechat.simulator.members";
  const openIdPattern = /^[A-Za-z0-9_-]{6,64}$/;
  const linkPattern = /https?:\/\/[^\s<>"'，。）)]+/g;
  const viaLabels = {
    reply: "被动回复", custom: "客服消息", template: "模板消息", mass: "群发", preview: "预览",
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    setup: null,
    members: loadMembers(),
    current: null,
    after: 0,
    epoch: null,
    polling: false,
    pollAgain: false,
  };

  function loadMembers() {
    try {
      const stored = JSON.parse(localStorage.getItem(storeKey) || "[]");
      return Array.isArray(stored) ? stored.filter((m) => m && openIdPattern.test(m.openId)) : [];
    } catch {
      return [];
    }
  }

  function saveMembers() {
    localStorage.setItem(storeKey, JSON.stringify(state.members));
  }

  // Shaped like a real openid: 'o' and 27 characters of [A-Za-z0-9_-].
  function randomOpenId() {
    const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    return "o" + Array.from(crypto.getRandomValues(new Uint8Array(27)), (b) => chars[b % 64]).join("");
  }

  function showError(message) {
    $("error").textContent = message || "";
  }

  async function call(path, options) {
    const response = await fetch(base + path, options);
    const type = response.headers.get("content-type") || "";
    const body = type.includes("json") ? await response.json() : null;
    if (!response.ok) {
      const details = body && body.errors
        ? Object.entries(body.errors).map(([field, messages]) => field + ": " + messages.join(" ")).join("\n")
        : (body && body.title) || "";
      throw new Error("HTTP " + response.status + (details ? "\n" + details : ""));
    }
    return body;
  }

  // Members ------------------------------------------------------------------------------------------------

  function renderMembers() {
    const list = $("members");
    list.replaceChildren();
    for (const member of state.members) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.openid = member.openId;
      button.setAttribute("aria-current", String(state.current === member));
      button.append(document.createTextNode(member.nickname || member.openId));
      const status = document.createElement("span");
      status.className = "state";
      status.textContent = member.following ? "已关注" : "未关注";
      button.append(status);
      button.title = member.openId;
      button.addEventListener("click", () => select(member));
      item.append(button);
      list.append(item);
    }
  }

  function addMember(event) {
    event.preventDefault();
    const openId = $("new-openid").value.trim();
    const nickname = $("new-nickname").value.trim();
    if (!openIdPattern.test(openId)) {
      showError("An openid is 6 to 64 letters, digits, '_' or '-'.");
      return;
    }
    showError("");
    let member = state.members.find((m) => m.openId === openId);
    if (!member) {
      member = { openId, nickname, following: false };
      state.members.push(member);
      saveMembers();
    }
    $("new-openid").value = randomOpenId();
    $("new-nickname").value = "";
    select(member);
  }

  function select(member) {
    state.current = member;
    state.after = 0;
    $("chat").replaceChildren();
    renderMembers();
    renderPhone();
    loadMenu();
    poll();
  }

  function renderPhone() {
    const member = state.current;
    $("who").textContent = member ? (member.nickname || member.openId) : "Pick or add a follower";
    const following = Boolean(member && member.following);
    $("follow").disabled = !member || following;
    $("unfollow").disabled = !following;
    for (const id of ["text", "photo", "send"]) {
      $(id).disabled = !following;
    }
    for (const button of $("menu").querySelectorAll("button")) {
      button.disabled = !following;
    }
  }

  // Sending ------------------------------------------------------------------------------------------------

  async function send(action) {
    const member = state.current;
    if (!member) {
      return null;
    }
    showError("");
    try {
      const result = await call("/send", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ openId: member.openId, nickname: member.nickname, ...action }),
      });
      return result;
    } catch (error) {
      showError(error.message);
      return null;
    } finally {
      poll();
    }
  }

  async function follow(following) {
    const member = state.current;
    const result = await send({ type: following ? "follow" : "unfollow" });
    if (result && member) {
      member.following = following;
      saveMembers();
      renderMembers();
      renderPhone();
    }
  }

  async function sendText(event) {
    event.preventDefault();
    const text = $("text").value;
    if (!text.trim()) {
      return;
    }
    $("text").value = "";
    await send({ type: "text", text });
  }

  async function sendPhoto() {
    const file = $("photo").files[0];
    $("photo").value = "";
    const member = state.current;
    if (!file || !member) {
      return;
    }
    showError("");
    const query = "?openId=" + encodeURIComponent(member.openId) + "&nickname=" + encodeURIComponent(member.nickname || "");
    try {
      await call("/photo" + query, { method: "POST", headers: { "Content-Type": file.type || "application/octet-stream" }, body: file });
    } catch (error) {
      showError(error.message);
    } finally {
      poll();
    }
  }

  // Menu ---------------------------------------------------------------------------------------------------

  async function loadMenu() {
    try {
      renderMenu(await call("/menu"));
    } catch (error) {
      showError(error.message);
    }
  }

  function renderMenu(menu) {
    const nav = $("menu");
    nav.replaceChildren();
    for (const button of menu.button || []) {
      const item = document.createElement("div");
      item.className = "item";
      const top = document.createElement("button");
      top.type = "button";
      top.textContent = button.name || "";
      item.append(top);
      const subs = Array.isArray(button.sub_button) ? button.sub_button : [];
      if (subs.length > 0) {
        const list = document.createElement("ul");
        list.className = "sub";
        list.hidden = true;
        for (const sub of subs) {
          const entry = document.createElement("li");
          const subButton = document.createElement("button");
          subButton.type = "button";
          subButton.textContent = sub.name || "";
          subButton.addEventListener("click", () => {
            list.hidden = true;
            tap(sub);
          });
          entry.append(subButton);
          list.append(entry);
        }
        item.append(list);
        top.addEventListener("click", () => {
          for (const other of nav.querySelectorAll(".sub")) {
            if (other !== list) {
              other.hidden = true;
            }
          }
          list.hidden = !list.hidden;
        });
      } else {
        top.addEventListener("click", () => tap(button));
      }
      nav.append(item);
    }
    const count = (menu.button || []).length;
    $("menu-source").textContent = menu.source === "published"
      ? "菜单：公众号已发布的菜单"
      : count > 0 ? "菜单：尚未发布，按钮来自各功能的菜单 key" : "菜单：尚未发布（也没有功能提供菜单 key）";
    nav.hidden = count === 0;
    renderPhone();
  }

  function tap(button) {
    if (button.type === "click") {
      send({ type: "click", key: button.key, text: button.name });
    } else if (button.type === "view" && isWebLink(button.url)) {
      send({ type: "view", url: button.url });
      openLink(button.url);
    } else {
      showError("The simulator taps only click and view buttons (this one is " + (button.type || "a sub-menu") + ").");
    }
  }

  // Links open as the member whose chat they are in: the cookie plays the WeChat browser's signed-in user.
  function openLink(url) {
    setIdentity();
    window.open(url, "_blank", "noopener");
  }

  function setIdentity() {
    if (state.current && state.setup) {
      document.cookie = state.setup.identityCookie + "=" + encodeURIComponent(state.current.openId) + "; path=/; SameSite=Lax";
    }
  }

  function isWebLink(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:";
    } catch {
      return false;
    }
  }

  // Chat ---------------------------------------------------------------------------------------------------

  async function poll() {
    if (state.polling) {
      state.pollAgain = true;
      return;
    }
    const member = state.current;
    if (!member) {
      return;
    }
    state.polling = true;
    try {
      const inbox = await call("/inbox?openId=" + encodeURIComponent(member.openId) + "&after=" + state.after);
      if (member !== state.current) {
        return;
      }
      if (state.epoch !== inbox.epoch) {
        // The app restarted: its ids started over.
        state.epoch = inbox.epoch;
        if (state.after !== 0) {
          state.after = 0;
          $("chat").replaceChildren();
          state.pollAgain = true;
          return;
        }
      }
      for (const entry of inbox.entries) {
        appendEntry(entry);
        state.after = Math.max(state.after, entry.id);
      }
    } catch (error) {
      showError(error.message);
    } finally {
      state.polling = false;
      if (state.pollAgain) {
        state.pollAgain = false;
        poll();
      }
    }
  }

  function appendEntry(entry) {
    const chat = $("chat");
    const item = document.createElement("li");
    item.className = "msg " + entry.from;
    item.dataset.kind = entry.kind;
    item.dataset.id = String(entry.id);
    const body = document.createElement("div");
    body.className = "body";
    if (entry.kind === "image" && typeof entry.url === "string" && entry.url.startsWith(base + "/photo/")) {
      const image = document.createElement("img");
      image.src = entry.url;
      image.alt = entry.text;
      body.append(image);
    } else {
      appendText(body, entry.text || "");
      if (entry.url && isWebLink(entry.url)) {
        body.append(document.createTextNode("\n"));
        body.append(link(entry.url, entry.kind === "template" ? "详情" : "阅读全文"));
      }
    }
    item.append(body);
    if (entry.from === "account" && viaLabels[entry.via]) {
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = viaLabels[entry.via];
      item.append(meta);
    }
    chat.append(item);
    chat.scrollTop = chat.scrollHeight;
  }

  // Text with its http(s) URLs as links; everything else stays text.
  function appendText(parent, text) {
    let last = 0;
    for (const match of text.matchAll(linkPattern)) {
      parent.append(document.createTextNode(text.slice(last, match.index)));
      parent.append(link(match[0], match[0]));
      last = match.index + match[0].length;
    }
    parent.append(document.createTextNode(text.slice(last)));
  }

  function link(url, label) {
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = label;
    anchor.target = "_blank";
    anchor.rel = "noopener";
    anchor.addEventListener("click", setIdentity);
    return anchor;
  }

  // Start --------------------------------------------------------------------------------------------------

  async function start() {
    $("new-member").addEventListener("submit", addMember);
    $("follow").addEventListener("click", () => follow(true));
    $("unfollow").addEventListener("click", () => follow(false));
    $("composer").addEventListener("submit", sendText);
    $("photo").addEventListener("change", sendPhoto);
    $("new-openid").value = randomOpenId();
    renderMembers();
    try {
      state.setup = await call("/setup");
      $("mode").textContent = state.setup.mode === "safe" ? "signed and encrypted: safe mode" : "signed, plaintext mode";
    } catch (error) {
      showError(error.message);
    }
    await loadMenu();
    if (state.members.length > 0) {
      select(state.members[0]);
    }
    setInterval(poll, 1000);
  }

  start();
})();
