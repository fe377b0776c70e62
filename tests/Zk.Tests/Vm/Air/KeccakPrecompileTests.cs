using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>The keccak-256 precompile: the permutation against known vectors, guests hashing proven end to end.</summary>
[Collection(ProofCollection.Name)]
public sealed class KeccakPrecompileTests
{
    internal const uint InputBuffer = 0x20001, Digest = 0x22003;

    /// <summary>
    /// Reads the whole input to an unaligned buffer, hashes it to an unaligned digest buffer, writes the digest, then
    /// hashes the digest in place (input and output overlap) and writes that too.
    /// </summary>
    internal static uint[] HashInput() =>
    [
        .. Li(VmAirProofTests.S0, InputBuffer),
        .. Li(A7, Syscalls.ReadInput), Addi(A0, VmAirProofTests.S0, 0), .. Li(A1, 4096), Ecall, Addi(VmAirProofTests.S1, A0, 0),
        .. Li(A7, Syscalls.Keccak256), Addi(A0, VmAirProofTests.S0, 0), Addi(A1, VmAirProofTests.S1, 0), .. Li(A2, Digest), Ecall,
        .. Li(A7, Syscalls.WriteOutput), .. Li(A0, Digest), Addi(A1, 0, 32), Ecall,
        .. Li(A7, Syscalls.Keccak256), .. Li(A0, Digest), Addi(A1, 0, 32), .. Li(A2, Digest), Ecall,
        .. Li(A7, Syscalls.WriteOutput), .. Li(A0, Digest), Addi(A1, 0, 32), Ecall,
        Addi(A0, 0, 0), .. Exit,
    ];

    internal static byte[] Bytes200 => [.. Enumerable.Range(0, 200).Select(i => (byte)(i * 7 + 3))];

    private static byte[] Reference(byte[] data)
    {
        var k = new KeccakDigest(256);
        k.BlockUpdate(data, 0, data.Length);
        var digest = new byte[32];
        k.DoFinal(digest, 0);
        return digest;
    }

    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void The_permutation_gives_the_known_keccak256_vectors(string text, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(KeccakRound.Keccak256(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void The_permutation_agrees_with_the_executor_on_inputs_of_every_block_boundary()
    {
        Assert.Equal(Reference(Bytes200), KeccakRound.Keccak256(Bytes200));
        foreach (int n in (int[])[1, 135, 136, 137, 271, 272, 1024])
        {
            var data = Enumerable.Range(0, n).Select(i => (byte)(i * 31 + n)).ToArray();
            Assert.Equal(Reference(data), KeccakRound.Keccak256(data));
        }
    }

    internal static (ProgramImage Image, SegmentWitness Witness, byte[] Input) Honest(byte[] input)
    {
        var (image, result) = VmProving.Run(HashInput(), input);
        var first = Reference(input);
        Assert.Equal([.. first, .. Reference(first)], result.Output);
        var w = Assert.Single(VmProving.Witnesses(image, result, input));
        VmProving.AssertSatisfied(w);
        return (image, w, input);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(135)] // the padding's 0x01 and 0x80 in one byte
    [InlineData(136)] // a whole block of padding after the message
    [InlineData(200)]
    [InlineData(1024)]
    public void A_guest_hashing_its_input_satisfies_the_AIR(int length)
    {
        byte[] input = length == 3 ? Encoding.ASCII.GetBytes("abc") : [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3))];
        var (_, w, _) = Honest(input);
        // The input's blocks, then one for the digest's hash; each hash ends in a squeeze row.
        int blocks = length / KeccakSpongeTable.RateBytes + 1 + 1;
        var sponge = w.Traces[VmAir.KeccakSpongeIndex];
        Assert.Equal(blocks, sponge[KeccakSpongeTable.IsAbsorb].Count(v => v == 1));
        Assert.Equal(2, sponge[KeccakSpongeTable.IsSqueeze].Count(v => v == 1));
    }

    [Fact]
    public void A_guest_hashing_200_bytes_is_proven_and_verified()
    {
        var (image, w, _) = Honest(Bytes200);
        VmProving.ProveAndVerify(image, w);
    }
}
