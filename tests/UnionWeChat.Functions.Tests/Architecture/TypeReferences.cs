using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace UnionWeChat.Functions.Tests.Architecture;

/// <summary>
/// What the app's compiled code refers to: for each type (with the compiler's nested types for lambdas, local
/// functions and async state machines folded into their declaring type), the types and methods its signatures name
/// and its method bodies call, read from the IL. Source text would miss fully qualified names and global usings.
/// </summary>
public static class TypeReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static Assembly App => typeof(Program).Assembly;

    /// <summary>
    /// The type the code was written in: the compiler's nested types (lambdas' closures, async state machines,
    /// iterators) count as the type declaring them; a nested type someone wrote counts as itself.
    /// </summary>
    public static Type Owner(Type type)
    {
        while (type.DeclaringType is { } outer && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
        {
            type = outer;
        }
        return type;
    }

    /// <summary>Every method, constructor and field each of the app's types calls or reads in its bodies.</summary>
    public static IEnumerable<(Type Owner, MethodBase Caller, MemberInfo Target)> CallsIn(Assembly assembly)
    {
        foreach (var type in Types(assembly))
        {
            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
            {
                foreach (var target in MembersUsedBy(method))
                {
                    yield return (Owner(type), method, target);
                }
            }
        }
    }

    /// <summary>The types each of the app's types depends on: signatures, fields, base types and the IL.</summary>
    public static IEnumerable<(Type Owner, Type Referenced)> TypesUsedIn(Assembly assembly)
    {
        foreach (var type in Types(assembly))
        {
            var owner = Owner(type);
            var named = new List<Type?> { type.BaseType };
            named.AddRange(type.GetInterfaces());
            named.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
            named.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
            {
                if (method is MethodInfo info)
                {
                    named.Add(info.ReturnType);
                }
                named.AddRange(method.GetParameters().Select(p => p.ParameterType));
                foreach (var target in MembersUsedBy(method))
                {
                    named.Add(target as Type ?? target.DeclaringType);
                    switch (target)
                    {
                        case FieldInfo field:
                            named.Add(field.FieldType);
                            break;
                        case MethodInfo called:
                            named.Add(called.ReturnType);
                            named.AddRange(called.IsGenericMethod ? called.GetGenericArguments() : []);
                            break;
                    }
                }
            }
            foreach (var referenced in named.OfType<Type>().SelectMany(Unwrap))
            {
                yield return (owner, referenced);
            }
        }
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    // List<Poll>, Task<Case[]>, ref Member: the element and argument types are what the code depends on.
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
            yield break;
        }
        if (type.IsGenericParameter)
        {
            yield break;
        }
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return argument;
            }
        }
    }

    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            il = null;
        }
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException)
                    {
                        member = null;
                    }
                    if (member is not null)
                    {
                        yield return member;
                    }
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
