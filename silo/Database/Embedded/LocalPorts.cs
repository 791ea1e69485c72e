using System.Net;
using System.Net.Sockets;

namespace ActionLogement.Database.Embedded;

/// <summary>Ports on this machine's loopback, for the local starts.</summary>
public static class LocalPorts
{
    /// <summary>Whether nothing listens on <paramref name="port"/> (a listener on any address also holds loopback's).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
