/// Why one event is not explained: the headline, the nearest miss, and other places worth reading.
struct Finding: Error {
    /// What is wrong with the event, in one sentence.
    var problem: String
    /// The closest the spec came to explaining it ("COMMIT at seq 3 after 2 matching COMMITs; quorum
    /// is 3"), when there is something more specific to say.
    var nearestMiss: String?
    /// Other events the explanation refers to.
    var related: [TraceLocation] = []
}
