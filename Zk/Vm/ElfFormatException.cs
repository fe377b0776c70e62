namespace Wsc.Zk.Vm;

/// <summary>An ELF file the executor refuses to load; the message names the field and what was expected.</summary>
public sealed class ElfFormatException(string message) : FormatException(message);
