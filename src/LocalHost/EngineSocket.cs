using System.Net.Sockets;
using Grpc.Net.Client;

namespace PatientAccess.LocalHost;

/// <summary>
/// Where the task engine (the Durable Task sidecar) listens: a Unix domain socket in a directory of its own that only
/// this process's user may enter (mode 0700, created fresh for every run), instead of a TCP port that any local user
/// could call (a TerminateInstance stopped a clearance). Only the worker and the client in this process connect.
/// </summary>
public sealed class EngineSocket : IDisposable
{
    private EngineSocket(string directory)
    {
        Directory = directory;
        Path = System.IO.Path.Combine(directory, "engine.sock");
    }

    /// <summary>The private directory (mode 0700).</summary>
    public string Directory { get; }

    /// <summary>The socket file.</summary>
    public string Path { get; }

    /// <summary>A fresh private directory under the temp directory (0700 on Unix, by <see cref="System.IO.Directory.CreateTempSubdirectory"/>).</summary>
    public static EngineSocket CreatePrivate()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("patientaccess-engine-");
        if (!OperatingSystem.IsWindows())
        {
            // Set it explicitly as well: the socket's protection is this directory's mode.
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new EngineSocket(directory.FullName);
    }

    /// <summary>A gRPC channel to the engine over the socket (the host name in its address is never resolved).</summary>
    public GrpcChannel CreateChannel() => GrpcChannel.ForAddress("http://engine", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(Path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        },
    });

    /// <summary>True for a request that came in over the engine's socket (Kestrel gives Unix socket connections no IP address).</summary>
    public static bool IsEngineConnection(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.LocalIpAddress is null;
    }

    /// <summary>Removes the directory (on a normal stop; a killed process leaves an empty, private directory behind).</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or still in use by a process stopping at the same time: harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
