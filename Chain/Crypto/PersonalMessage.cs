using System.Globalization;
using System.Text;

namespace Wsc.Chain.Crypto;

/// <summary>EIP-191 version 0x45 ("personal_sign"): hashing, signing and recovering signed messages.</summary>
public static class PersonalMessage
{
    /// <summary>keccak256("\x19Ethereum Signed Message:\n" ‖ decimal length ‖ message).</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes("\u0019Ethereum Signed Message:\n" + message.Length.ToString(CultureInfo.InvariantCulture));
        var h = new KeccakHasher();
        return h.Append(prefix).Append(message).Finish();
    }

    /// <summary>Hash of a UTF-8 text message.</summary>
    public static Hash32 Hash(string message) => Hash(Encoding.UTF8.GetBytes(message));

    /// <summary>Signs; returns the 65-byte r ‖ s ‖ v (v = 27/28) form wallets produce.</summary>
    public static byte[] Sign(PrivateKey key, ReadOnlySpan<byte> message) => key.Sign(Hash(message)).ToBytes();

    /// <summary>Signs a UTF-8 text message.</summary>
    public static byte[] Sign(PrivateKey key, string message) => Sign(key, Encoding.UTF8.GetBytes(message));

    /// <summary>Recovers the address that signed <paramref name="message"/>.</summary>
    public static Address Recover(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Secp256k1.Recover(Hash(message), Signature.FromBytes(signature));

    /// <summary>Recovers the signer of a UTF-8 text message.</summary>
    public static Address Recover(string message, ReadOnlySpan<byte> signature) => Recover(Encoding.UTF8.GetBytes(message), signature);
}
