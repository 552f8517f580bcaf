// Each test starts a real LocalHost process. They share Azurite's card container, and every host's card watcher
// quarantines blobs of registrations its own database does not know, so two hosts running at once would take each
// other's uploads. One host at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
