import Foundation

/// A first-come-first-served async mutex. SQLite allows one writer at a time; taking turns in process means no
/// connection ever spins in SQLite's busy handler on a thread-pool thread.
actor AsyncGate {
    private var isLocked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !isLocked {
            isLocked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
