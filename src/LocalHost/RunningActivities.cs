namespace PatientAccess.LocalHost;

/// <summary>
/// The activity messages a process is running, by message id and by the sidecar's key of their task
/// (<see cref="SidecarOrchestrationService.ActivityKey"/>): at most one message per key at a time.
/// </summary>
public sealed class RunningActivities
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _keyByMessage = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="key"/> for message <paramref name="messageId"/>; false when another message holds it.</summary>
    public bool TryAdd(string messageId, string key)
    {
        lock (_gate)
        {
            if (_keyByMessage.TryGetValue(messageId, out var held)) return held == key;
            if (!_keys.Add(key)) return false;
            _keyByMessage[messageId] = key;
            return true;
        }
    }

    /// <summary>Gives back the key message <paramref name="messageId"/> held (nothing when it held none).</summary>
    public void Release(string messageId)
    {
        lock (_gate)
        {
            if (_keyByMessage.Remove(messageId, out var key)) _keys.Remove(key);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate) return _keys.Count;
        }
    }
}
