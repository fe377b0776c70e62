using System.Buffers.Binary;
using System.Text;

namespace Wsc.Zk.Vm;

/// <summary>
/// A loaded program ready to run many times: the initial memory image, its regions and permissions,
/// the pre-decoded text, and the image id committing to all of it.
/// </summary>
public sealed class ProgramImage
{
    private const uint Page = 4096;

    private ProgramImage(ElfProgram elf, VmLayout layout, IMerkleHasher hasher)
    {
        layout.Validate();
        Layout = layout;
        Entry = elf.Entry;
        var segs = elf.Segments;
        ImageStart = segs[0].VirtualAddress & ~(Page - 1);
        ImageEnd = AlignUp(segs[^1].End);
        if (ImageStart < VmLayout.NullGuard)
            throw new ElfFormatException($"ELF: segment at 0x{segs[0].VirtualAddress:x8} lies in the null guard below 0x{VmLayout.NullGuard:x8}");
        if (segs[^1].End > layout.HeapEnd)
            throw new ElfFormatException($"ELF: segment ending at 0x{segs[^1].End:x8} exceeds the heap limit 0x{layout.HeapEnd:x8} of the VM layout");
        var exec = segs.Where(s => s.Executable).ToList();
        TextStart = exec.Min(s => s.VirtualAddress);
        TextEnd = exec.Max(s => s.End + 3) & ~3u;
        foreach (var s in segs.Where(s => !s.Executable))
        {
            if (s.VirtualAddress < TextEnd && s.End > TextStart)
                throw new ElfFormatException($"ELF: non-executable segment at 0x{s.VirtualAddress:x8} lies inside the text range [0x{TextStart:x8}, 0x{TextEnd:x8})");
        }
        var writable = segs.Where(s => s.Writable).ToList();
        WritableStart = writable.Count > 0 ? writable[0].VirtualAddress : ImageEnd;
        foreach (var s in segs.Where(s => !s.Writable))
        {
            if (s.End > WritableStart)
                throw new ElfFormatException($"ELF: read-only segment at 0x{s.VirtualAddress:x8} lies above writable data at 0x{WritableStart:x8}; the VM expects text and read-only data below writable data");
        }

        InitialImage = new byte[ImageEnd - ImageStart];
        foreach (var s in segs)
            s.Data.CopyTo(InitialImage.AsSpan((int)(s.VirtualAddress - ImageStart)));

        var count = (int)((TextEnd - TextStart) / 4);
        Words = new uint[count];
        Instructions = new DecodedInstruction[count];
        for (var i = 0; i < count; i++)
        {
            Words[i] = BinaryPrimitives.ReadUInt32LittleEndian(InitialImage.AsSpan((int)(TextStart - ImageStart) + i * 4));
            Instructions[i] = Decoder.Decode(Words[i]);
        }
        Hasher = hasher;
        Id = ComputeId();
    }

    /// <summary>The address-space layout the image was built for.</summary>
    public VmLayout Layout { get; }

    /// <summary>The entry pc.</summary>
    public uint Entry { get; }

    /// <summary>Page-aligned start of the program image (lowest segment).</summary>
    public uint ImageStart { get; }

    /// <summary>Page-aligned end of the program image (highest segment end, including .bss).</summary>
    public uint ImageEnd { get; }

    /// <summary>Start of the executable range; pc must stay in [TextStart, TextEnd).</summary>
    public uint TextStart { get; }

    /// <summary>End of the executable range.</summary>
    public uint TextEnd { get; }

    /// <summary>Lowest writable address; writes are allowed in [WritableStart, HeapEnd) and in the stack.</summary>
    public uint WritableStart { get; }

    /// <summary>Bytes of [ImageStart, ImageEnd) at entry.</summary>
    public byte[] InitialImage { get; }

    /// <summary>The raw instruction words of [TextStart, TextEnd), index = (pc - TextStart) / 4.</summary>
    public uint[] Words { get; }

    /// <summary>The decoded instructions, same indexing as <see cref="Words"/>.</summary>
    public DecodedInstruction[] Instructions { get; }

    /// <summary>The image id (Merkle root, see docs/zkvm.md).</summary>
    public ImageId Id { get; }

    /// <summary>The hash used for <see cref="Id"/>.</summary>
    public IMerkleHasher Hasher { get; }

    /// <summary>Builds the image of a validated ELF program.</summary>
    public static ProgramImage Create(ElfProgram elf, VmLayout? layout = null, IMerkleHasher? hasher = null)
        => new(elf, layout ?? VmLayout.Default, hasher ?? Sha256MerkleHasher.Instance);

    /// <summary>Loads, validates and builds an image from ELF bytes.</summary>
    public static ProgramImage FromElf(ReadOnlySpan<byte> elf, VmLayout? layout = null, IMerkleHasher? hasher = null)
        => Create(ElfLoader.Load(elf), layout, hasher);

    /// <summary>The 64-byte header leaf: a domain tag, then entry and layout words (little-endian).</summary>
    public byte[] HeaderLeaf()
    {
        var h = new byte[64];
        Encoding.ASCII.GetBytes("wsc/rv32im/image/v1").CopyTo(h, 0);
        uint[] words = [Entry, ImageStart, ImageEnd, TextStart, TextEnd, WritableStart, Layout.MemoryTop, Layout.StackBytes];
        for (var i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(32 + i * 4), words[i]);
        return h;
    }

    private ImageId ComputeId()
    {
        // Leaves: the header, then every 4 KiB page of the image in address order; padded with zero digests
        // to a power of two. Leaf = H(0x00 || bytes), node = H(0x01 || left || right): distinct domains.
        var pages = (int)((ImageEnd - ImageStart) / Page);
        var n = 1;
        while (n < pages + 1) n <<= 1;
        var level = new byte[n * 32];
        var buf = new byte[1 + 4 + Page];
        buf[0] = 0;
        HeaderLeaf().CopyTo(buf, 1);
        Hasher.Hash(buf.AsSpan(0, 65), level.AsSpan(0, 32));
        for (var p = 0; p < pages; p++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(1), ImageStart + (uint)p * Page);
            InitialImage.AsSpan(p * (int)Page, (int)Page).CopyTo(buf.AsSpan(5));
            Hasher.Hash(buf, level.AsSpan((p + 1) * 32, 32));
        }
        var node = new byte[65];
        node[0] = 1;
        for (var width = n; width > 1; width /= 2)
        {
            for (var i = 0; i < width / 2; i++)
            {
                level.AsSpan(i * 64, 64).CopyTo(node.AsSpan(1));
                Hasher.Hash(node, level.AsSpan(i * 32, 32));
            }
        }
        return new ImageId(level.AsSpan(0, 32));
    }

    private static uint AlignUp(uint v) => (uint)(((ulong)v + Page - 1) & ~(ulong)(Page - 1));
}
