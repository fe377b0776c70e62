using System.Net;
using System.Net.Sockets;

namespace Wsc.TestKit;

/// <summary>Random free TCP ports on loopback for throwaway servers.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
