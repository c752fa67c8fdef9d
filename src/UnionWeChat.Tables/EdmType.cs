namespace UnionWeChat.Tables;

/// <summary>The OData (EDM) type names the Table service uses.</summary>
internal static class EdmType
{
    public const string Binary = "Edm.Binary";
    public const string Boolean = "Edm.Boolean";
    public const string DateTime = "Edm.DateTime";
    public const string Double = "Edm.Double";
    public const string Guid = "Edm.Guid";
    public const string Int32 = "Edm.Int32";
    public const string Int64 = "Edm.Int64";
    public const string String = "Edm.String";

    public static string Of(object value) => value switch
    {
        string => String,
        int => Int32,
        long => Int64,
        double => Double,
        bool => Boolean,
        DateTimeOffset => DateTime,
        System.Guid => Guid,
        byte[] => Binary,
        _ => value.GetType().Name,
    };
}
