//! The hash maps of the loader and the page's views: foldhash, seeded per process (names in a
//! definition cannot be picked to collide), several times faster than the standard SipHash on
//! the short keys these maps hold (state names, event ids).

/// A `HashMap` on foldhash (make one with `default()` or `collect()`).
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A `HashSet` on foldhash.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
