using System.Reflection;
using System.Reflection.Emit;
using Wsc.Zk.Stark;
using Xunit.Abstractions;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// The verifier stands alone: walking the IL call graph from the client entry point never reaches the LDE, the NTT,
/// the FRI prover, the Merkle tree builder or the prover session.
/// </summary>
public sealed class VerifierIsolationTests(ITestOutputHelper output)
{
    private static readonly string[] ProverTypes = ["LdeMatrix", "Ntt", "FriProver", "ProverSession", "StarkProver", "MerkleTree", "MultiHeightMerkleTree", "MerkleLeaves", "CompositionScratch"];

    [Fact]
    public void The_client_verifier_links_no_prover_code()
    {
        var entry = typeof(StarkVerifier).GetMethod(nameof(StarkVerifier.Verify),
            [typeof(Air.AirSystem), typeof(VerifyingKey), typeof(ReadOnlySpan<ulong>), typeof(ReadOnlySpan<byte>)])!;
        var reached = Reachable(entry);
        var types = reached.Select(m => Outer(m.DeclaringType!)).Where(t => t.Assembly == typeof(StarkVerifier).Assembly)
            .Select(t => t.FullName!).Distinct().Order().ToList();
        output.WriteLine(string.Join("\n", types));
        Assert.Contains("Wsc.Zk.Fri.FriVerifier", types);
        Assert.Contains("Wsc.Zk.Crypto.MerkleBatchProof", types);
        Assert.Contains("Wsc.Zk.Crypto.MultiHeightMerkleProof", types);
        foreach (var m in reached)
        {
            var t = Outer(m.DeclaringType!);
            Assert.False(ProverTypes.Contains(t.Name), $"the verifier reaches {t.Name}.{m.Name}");
            Assert.False(t == typeof(VerifyingKey) && m.Name is "Create" or "PreprocessedColumns", $"the verifier reaches VerifyingKey.{m.Name}");
        }
    }

    [Fact]
    public void The_walk_does_find_prover_code_from_the_prover()
    {
        // Guards the test above against a walker that finds nothing.
        var reached = Reachable(typeof(StarkProver).GetMethod(nameof(StarkProver.Prove))!);
        Assert.Contains(reached, m => m.DeclaringType?.Name == "LdeMatrix");
        Assert.Contains(reached, m => m.DeclaringType?.Name == "FriProver");
    }

    private static Type Outer(Type t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Methods reachable through call, callvirt, newobj, ldftn and field accesses (static constructors) inside the Zk assembly.</summary>
    private static HashSet<MethodBase> Reachable(MethodBase entry)
    {
        var zk = typeof(StarkVerifier).Assembly;
        var seen = new HashSet<MethodBase>();
        var work = new Stack<MethodBase>();
        void Add(MethodBase? m)
        {
            if (m is null || m.DeclaringType?.Assembly != zk) return;
            if (m is MethodInfo { IsGenericMethod: true } gm && !gm.IsGenericMethodDefinition) m = gm.GetGenericMethodDefinition();
            if (seen.Add(m))
            {
                work.Push(m);
                if (m.DeclaringType!.TypeInitializer is { } cctor) Add(cctor);
            }
        }
        Add(entry);
        while (work.Count > 0)
        {
            var m = work.Pop();
            byte[]? il;
            try
            {
                il = m.GetMethodBody()?.GetILAsByteArray();
            }
            catch (InvalidOperationException)
            {
                continue;
            }
            if (il is null) continue;
            Type[]? typeArgs = m.DeclaringType!.IsGenericType ? m.DeclaringType.GetGenericArguments() : null;
            Type[]? methodArgs = m is MethodInfo { IsGenericMethod: true } g ? g.GetGenericArguments() : null;
            for (int i = 0; i < il.Length;)
            {
                short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
                var op = OpCodesByValue[value];
                i += op.Size;
                int token = op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok ? BitConverter.ToInt32(il, i) : 0;
                try
                {
                    if (op.OperandType == OperandType.InlineMethod) Add(m.Module.ResolveMethod(token, typeArgs, methodArgs));
                    else if (op.OperandType == OperandType.InlineField && m.Module.ResolveField(token, typeArgs, methodArgs)?.DeclaringType is { } ft) Add(ft.TypeInitializer);
                }
                catch (ArgumentException)
                {
                    // A token from another module's generic context: outside the Zk assembly.
                }
                i += op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                    _ => 4,
                };
            }
        }
        return seen;
    }
}
