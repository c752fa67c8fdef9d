using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace UnionWeChat.Functions.Tests.Architecture;

/// <summary>A method referenced from a method body, and the top-level type that body belongs to.</summary>
/// <param name="Owner">The type the code was written in: an async state machine, iterator or closure class counts as the type declaring it.</param>
/// <param name="Body">The method whose IL holds the reference (MoveNext, a lambda's method…).</param>
/// <param name="Target">The method called, constructed or turned into a delegate.</param>
public sealed record IlCall(Type Owner, MethodBase Body, MethodBase Target);

/// <summary>
/// Reads every method body of an assembly and lists the methods its IL refers to (call, callvirt, newobj, ldftn,
/// ldvirtftn, jmp: every instruction with a method token), resolved through the module. Compiler-generated types are
/// nested in the type whose code they came from, so walking up the generated declaring types attributes them to it.
/// </summary>
public static class IlCalls
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> ByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<IlCall> In(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var owner = type;
            while (owner.DeclaringType is { } outer && owner.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
            {
                owner = outer;
            }
            var bodies = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
            foreach (var body in bodies)
            {
                foreach (var target in TargetsOf(body))
                {
                    yield return new IlCall(owner, body, target);
                }
            }
        }
    }

    private static IEnumerable<MethodBase> TargetsOf(MethodBase body)
    {
        var il = body.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArgs = body.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = body is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[i++]));
            }
            var op = ByValue[value];
            if (op.OperandType == OperandType.InlineMethod)
            {
                yield return body.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs)!;
            }
            i += OperandSize(op.OperandType, il, i);
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
