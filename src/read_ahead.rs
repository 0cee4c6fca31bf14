//! Making the next batch while the last one is written, for the tables too
//! large to hold whole, and writing a batch while the next is made: the
//! two directions of one channel of a single waiting item between two
//! threads.

/// Runs `consume` over `items` while a thread of its own makes the next item:
/// a batch's rows are written (Parquet's encoding is mostly serial) while the
/// next batch is made (`export`: imported; `analyze`'s person_day: built).
/// At most one item waits, so memory stays at two batches.
pub fn read_ahead<T: Send, R>(
    items: impl Iterator<Item = T> + Send,
    consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> R,
) -> R {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for item in items {
                // the consumer stopped (a write failed): make no more
                if send.send(item).is_err() {
                    break;
                }
            }
        });
        consume(&mut receive.into_iter())
    })
}

/// [`read_ahead`]'s mirror: runs `consume` on a thread of its own over what
/// `produce` sends it from the calling thread (at most one item waits), and
/// returns both results once both are done. For a producer that must stay
/// on the calling thread: `analyze`'s Parquet writer, which encodes on the
/// rayon pool while its CSV twin is written behind it.
pub fn write_behind<T: Send, C: Send, P>(
    consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> C + Send,
    produce: impl FnOnce(&std::sync::mpsc::SyncSender<T>) -> P,
) -> (C, P) {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let consumer = scope.spawn(move || consume(&mut receive.into_iter()));
        let produced = produce(&send);
        drop(send);
        let consumed = match consumer.join() {
            Ok(consumed) => consumed,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (consumed, produced)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_arrives_in_order_and_a_consumer_that_stops_stops_the_maker() {
        let all: Vec<u32> = read_ahead(0..1000u32, |items| items.collect());
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        let made = std::sync::atomic::AtomicU32::new(0);
        let first_two: Vec<u32> = read_ahead(
            (0..1_000_000u32).inspect(|_| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }),
            |items| items.take(2).collect(),
        );
        assert_eq!(first_two, [0, 1]);
        // the maker is at most a few items ahead when the consumer returns
        assert!(made.into_inner() < 10);
    }
}
