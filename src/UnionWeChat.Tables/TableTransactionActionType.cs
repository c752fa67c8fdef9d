namespace UnionWeChat.Tables;

/// <summary>The operations an entity-group transaction can hold.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails the transaction when the entity exists.</summary>
    Add,

    /// <summary>Insert or merge.</summary>
    UpsertMerge,

    /// <summary>Insert or replace.</summary>
    UpsertReplace,

    /// <summary>Merge into an existing entity, conditional on If-Match.</summary>
    UpdateMerge,

    /// <summary>Replace an existing entity, conditional on If-Match.</summary>
    UpdateReplace,

    /// <summary>Delete an existing entity, conditional on If-Match.</summary>
    Delete,
}
