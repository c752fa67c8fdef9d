namespace UnionWeChat.WeChat.Simulator;
