using Wsc.Zk.Air;
using Wsc.Zk.Field;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

public sealed class VmAirShapeTests
{
    [Fact]
    public void Every_table_writes_exactly_the_constraints_it_declares_and_stays_within_degree_3()
    {
        var image = ProgramImage.FromElf(Asm.Elf([.. Asm.Exit]));
        // The widest system: the keccak tables and the halting segment's footprint tables too.
        foreach (var table in VmAir.System(image, keccak: true, footprint: true).Tables)
        {
            int w = table.PreprocessedWidth + table.MainWidth;
            var rnd = new Random(table.Name.Length);
            var cur = Enumerable.Range(0, w).Select(_ => new Felt((ulong)rnd.NextInt64(1, long.MaxValue))).ToArray();
            var next = Enumerable.Range(0, w).Select(_ => new Felt((ulong)rnd.NextInt64(1, long.MaxValue))).ToArray();
            // The periodic span: the table's periodic values, then its public constants.
            var per = Enumerable.Range(0, table.PeriodicColumns.Count + table.PublicConstants.Count).Select(_ => new Felt((ulong)rnd.NextInt64(1, long.MaxValue))).ToArray();
            var sentinel = new Felt(0xdead_beef);
            var t = Enumerable.Repeat(sentinel, table.TransitionDegrees.Count).ToArray();
            table.EvaluateTransition<Felt>(cur, next, per, t);
            Assert.DoesNotContain(sentinel, t);
            var r = Enumerable.Repeat(sentinel, table.RowDegrees.Count).ToArray();
            table.EvaluateRow<Felt>(cur, per, r);
            Assert.DoesNotContain(sentinel, r);
            Assert.True(table.TransitionDegrees.Concat(table.RowDegrees).DefaultIfEmpty(1).Max() <= 3, table.Name);
        }
    }
}
