using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>One EIP-2930 access-list entry: an address and the storage slots it pre-warms.</summary>
public sealed record AccessListItem(Address Address, IReadOnlyList<Hash32> StorageKeys)
{
    internal static void WriteList(RlpWriter w, IReadOnlyList<AccessListItem> list)
    {
        var m = w.StartList();
        foreach (var item in list)
        {
            var im = w.StartList();
            w.Write(item.Address);
            var km = w.StartList();
            foreach (var k in item.StorageKeys)
            {
                w.Write(k);
            }
            w.EndList(km);
            w.EndList(im);
        }
        w.EndList(m);
    }

    internal static List<AccessListItem> ReadList(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var list = new List<AccessListItem>();
        while (r.HasMore)
        {
            var ir = r.ReadList();
            var address = ir.ReadAddress();
            var kr = ir.ReadList();
            var keys = new List<Hash32>();
            while (kr.HasMore)
            {
                keys.Add(kr.ReadHash32());
            }
            ir.EnsureEnd("access list entry");
            list.Add(new AccessListItem(address, keys));
        }
        return list;
    }
}
