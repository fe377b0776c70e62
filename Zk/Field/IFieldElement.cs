using System.Numerics;

namespace Wsc.Zk.Field;

/// <summary>A field element type the AIR constraints are written over: the base field (prover) or its extension (verifier).</summary>
public interface IFieldElement<T> :
    IAdditionOperators<T, T, T>, ISubtractionOperators<T, T, T>, IMultiplyOperators<T, T, T>, IUnaryNegationOperators<T, T>,
    IEquatable<T>
    where T : struct, IFieldElement<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }

    /// <summary>Embeds a base field value (reduced mod p).</summary>
    static abstract T FromBase(ulong value);
}
