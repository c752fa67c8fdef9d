namespace UnionWeChat.WeChat;
