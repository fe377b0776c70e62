namespace Wsc.Storage.Web3;

/// <summary>An ABI type as the web3:// tests spell it: a name (`uint256`, `tuple[2]`) and tuple components.</summary>
public sealed record Web3AbiType(string Name, IReadOnlyList<Web3AbiType> Components)
{
    /// <summary>An elementary or array type without components.</summary>
    public static Web3AbiType Of(string name) => new(name, []);

    /// <summary>The canonical signature form (`(string,uint256)[]` for `tuple[]`), as used in method selectors.</summary>
    public string Canonical => Name.StartsWith("tuple", StringComparison.Ordinal)
        ? "(" + string.Join(",", Components.Select(c => c.Canonical)) + ")" + Name["tuple".Length..]
        : Name;

    public override string ToString() => Canonical;
}
