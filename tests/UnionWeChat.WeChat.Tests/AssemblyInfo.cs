// Collections share one Azurite each; the suite runs collections in parallel on two cores.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
