using System.Net;
using System.Net.Sockets;

namespace Wsc.TestKit;

/// <summary>Free TCP ports for throwaway servers, from below the kernel's ephemeral range.</summary>
/// <remarks>
/// Ports the OS picks (bind to 0) come from the ephemeral range (32768-60999 on Linux), the same range every outbound
/// connection takes its local port from: between the pick and the server's bind, a test's HTTP, Npgsql or Orleans
/// client could take the port, and the suite saw "address already in use". Ports here come from 20000-32767 instead,
/// handed out in turn from a per-process random start (two tests of one process never get the same one), each checked
/// free on every interface first.
/// </remarks>
public static class FreePort
{
    private const int First = 20_000;
    private const int Count = 12_768;
    // The development silo's default gateway (run.sh binds it, and FirstHourTests runs run.sh beside other tests).
    private const int DevelopmentGateway = 30_000;
    private static int _turn = Random.Shared.Next(Count);

    /// <summary>A port that no socket held a moment ago and that no earlier call of this process handed out.</summary>
    public static int Next()
    {
        for (var i = 0; i < Count; i++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _turn) % Count);
            if (port != DevelopmentGateway && IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"no free TCP port in {First}-{First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            // Any address, as the silos bind (0.0.0.0): a port held on loopback alone would pass a loopback check.
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            listener.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
