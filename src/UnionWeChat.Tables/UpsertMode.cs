namespace UnionWeChat.Tables;

/// <summary>How a write combines with an entity that already exists.</summary>
public enum UpsertMode
{
    /// <summary>Keep properties the new entity does not mention (REST <c>MERGE</c>).</summary>
    Merge,

    /// <summary>Replace the whole entity: properties the new entity does not mention are removed (REST <c>PUT</c>).</summary>
    Replace,
}
