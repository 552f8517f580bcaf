// One LocalHost and one browser for the whole run; the tests share them one at a time (card uploads and worklists
// of one host's database).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
