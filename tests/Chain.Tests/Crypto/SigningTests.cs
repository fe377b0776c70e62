using System.Numerics;
using System.Text;
using Wsc.Chain.Crypto;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Crypto;

public sealed class SigningTests
{
    private static readonly PrivateKey Anvil0 = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    [Fact]
    public void Anvil_account_zero_key_derives_its_address()
    {
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", Anvil0.Address.ToChecksumString());
        Assert.Equal(65, Anvil0.PublicKey.Length);
    }

    [Fact]
    public void Eip155_example_signs_to_the_published_raw_transaction()
    {
        // The worked example from EIP-155.
        var key = PrivateKey.FromHex("0x" + string.Concat(Enumerable.Repeat("46", 32)));
        var tx = new Transaction
        {
            Type = TransactionType.Legacy, ChainId = 1, Nonce = 9, GasPrice = BigInteger.Parse("20000000000"), Gas = 21000,
            To = Address.Parse("0x3535353535353535353535353535353535353535"), Value = BigInteger.Parse("1000000000000000000"),
        };
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", tx.SigningHash().ToString());
        var signed = tx.Sign(key);
        Assert.Equal(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            Hex.Encode(signed.Encode()));
        Assert.Equal(key.Address, Transaction.Decode(signed.Encode()).RecoverSender());
    }

    [Fact]
    public void Signatures_match_bouncycastle_rfc6979_and_recover_for_many_hashes()
    {
        var rng = new Random(5);
        var domain = new Org.BouncyCastle.Crypto.Parameters.ECDomainParameters(Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByName("secp256k1"));
        var d = new Org.BouncyCastle.Math.BigInteger(1, Hex.Decode("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[32];
            rng.NextBytes(bytes);
            var hash = new Hash32(bytes);
            var sig = Anvil0.Sign(hash);
            var reference = new Org.BouncyCastle.Crypto.Signers.ECDsaSigner(
                new Org.BouncyCastle.Crypto.Signers.HMacDsaKCalculator(new Org.BouncyCastle.Crypto.Digests.Sha256Digest()));
            reference.Init(true, new Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters(d, domain));
            var rs = reference.GenerateSignature(bytes);
            var s = new BigInteger(rs[1].ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
            Assert.Equal(new BigInteger(rs[0].ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true), sig.R);
            Assert.Equal(BigInteger.Min(s, Secp256k1.Order - s), sig.S);
            Assert.Equal(Anvil0.Address, Secp256k1.Recover(hash, sig));
        }
    }

    [Fact]
    public void Eip1559_transfer_signs_deterministically_and_recovers()
    {
        var tx = new Transaction
        {
            Type = TransactionType.DynamicFee, ChainId = 31337, Nonce = 0, MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 2_000_000_000, Gas = 21000, To = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            Value = BigInteger.Pow(10, 18),
        };
        var a = tx.Sign(Anvil0);
        var b = tx.Sign(Anvil0);
        Assert.Equal(a.Encode(), b.Encode());
        Assert.Equal(0x02, a.Encode()[0]);
        Assert.True(a.S <= Secp256k1.Order / 2);
        var decoded = Transaction.Decode(a.Encode());
        Assert.Equal(a.Hash, decoded.Hash);
        Assert.Equal(Anvil0.Address, decoded.RecoverSender());
    }

    [Fact]
    public void Any_changed_byte_of_a_signed_transaction_changes_or_breaks_the_sender()
    {
        var raw = new Transaction
        {
            Type = TransactionType.DynamicFee, ChainId = 1, Nonce = 5, MaxPriorityFeePerGas = 2, MaxFeePerGas = 30, Gas = 50000,
            To = Address.Parse("0x3535353535353535353535353535353535353535"), Value = 12345, Input = [1, 2, 3, 4],
        }.Sign(Anvil0).Encode();
        for (var i = 1; i < raw.Length; i++)
        {
            var t = (byte[])raw.Clone();
            t[i] ^= 0x01;
            Address? sender;
            try
            {
                sender = Transaction.Decode(t).RecoverSender();
            }
            catch (Exception e) when (e is FormatException or SignatureException or InvalidOperationException)
            {
                continue;
            }
            Assert.NotEqual(Anvil0.Address, sender);
        }
    }

    [Fact]
    public void Personal_sign_round_trips_and_rejects_tampering()
    {
        var sig = PersonalMessage.Sign(Anvil0, "hello world");
        Assert.Equal(65, sig.Length);
        Assert.True(sig[64] is 27 or 28);
        Assert.Equal(Anvil0.Address, PersonalMessage.Recover("hello world", sig));
        Assert.Equal(Anvil0.Address, Secp256k1.RecoverPersonal(Encoding.UTF8.GetBytes("hello world"), sig));
        Assert.NotEqual(Anvil0.Address, PersonalMessage.Recover("hello world!", sig));
        var bad = (byte[])sig.Clone();
        bad[10] ^= 0x80;
        Assert.NotEqual(Anvil0.Address, Secp256k1.TryRecover(PersonalMessage.Hash("hello world"), Signature.FromBytes(bad)));
        // EIP-191 prefix: keccak("\x19Ethereum Signed Message:\n5hello").
        Assert.Equal(Keccak.Hash("\u0019Ethereum Signed Message:\n5hello"), PersonalMessage.Hash("hello"));
    }

    [Fact]
    public void Set_code_authorizations_sign_and_recover()
    {
        var auth = Authorization.Sign(Anvil0, 31337, Address.Parse("0x8c2319620d7c348bb4e2b2a0b230c81f310e9561"), 4);
        Assert.Equal(Anvil0.Address, auth.RecoverAuthority());
        Assert.NotEqual(Anvil0.Address, Secp256k1.TryRecover((auth with { Nonce = 5 }).SigningHash(), new Signature(auth.R, auth.S, auth.YParity)));
        var tx = new Transaction
        {
            Type = TransactionType.SetCode, ChainId = 31337, Nonce = 1, MaxPriorityFeePerGas = 1, MaxFeePerGas = 10, Gas = 60000,
            To = Anvil0.Address, AuthorizationList = [auth],
        }.Sign(Anvil0);
        var back = Transaction.Decode(tx.Encode());
        Assert.Equal(Anvil0.Address, back.AuthorizationList[0].RecoverAuthority());
        Assert.Equal(Anvil0.Address, back.RecoverSender());
        // The fixture's authorization is well formed and recovers to some authority.
        var fixture = Transaction.FromJson(Fixtures.RpcFixture.Load("eth_getTransactionByHash", "get-setcode-tx.io").Result);
        Assert.NotEqual(Address.Zero, fixture.AuthorizationList[0].RecoverAuthority());
    }

    [Fact]
    public void High_s_and_out_of_range_signatures_are_refused()
    {
        var hash = Keccak.Hash("x");
        var sig = Anvil0.Sign(hash);
        var high = new Signature(sig.R, Secp256k1.Order - sig.S, (byte)(sig.RecoveryId ^ 1));
        Assert.Throws<SignatureException>(() => Secp256k1.Recover(hash, high));
        Assert.Throws<SignatureException>(() => Secp256k1.Recover(hash, sig with { R = 0 }));
        Assert.Throws<SignatureException>(() => Secp256k1.Recover(hash, sig with { RecoveryId = 2 }));
        Assert.Throws<FormatException>(() => Signature.FromBytes(new byte[64]));
    }
}
