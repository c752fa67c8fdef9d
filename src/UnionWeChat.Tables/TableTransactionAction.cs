namespace UnionWeChat.Tables;

/// <summary>One operation of an entity-group transaction.</summary>
/// <param name="Type">What to do.</param>
/// <param name="Entity">The entity (for <see cref="TableTransactionActionType.Delete"/> only its keys are used).</param>
/// <param name="IfMatch">
/// For updates and deletes: the ETag the entity must still have, or "*" for any. When null, the entity's
/// <see cref="TableEntity.ETag"/> is used, and "*" if that is null too. Must be null for adds and upserts.
/// </param>
public sealed record TableTransactionAction(TableTransactionActionType Type, TableEntity Entity, string? IfMatch = null);
