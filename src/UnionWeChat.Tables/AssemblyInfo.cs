namespace UnionWeChat.Tables;
