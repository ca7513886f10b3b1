//! A value that knows when it may have changed: every mutable access takes a new version (unique in the
//! process), so a view computed from it (the tree's rows) is kept until one of its inputs is touched.
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};

/// The next version handed out; versions are never reused, so a fresh value never matches an old view.
static NEXT: AtomicU64 = AtomicU64::new(1);

fn next() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// `T` with the version of its last mutable access. Reads go through `Deref`; any `&mut` access (through
/// `DerefMut`: `insert`, assignment through `*`, `entry`…) takes a new version, whether or not it changes
/// anything: a view may be recomputed needlessly, never kept stale.
#[derive(Debug, Clone)]
pub struct Versioned<T> {
    value: T,
    version: u64,
}

impl<T> Versioned<T> {
    pub fn new(value: T) -> Self {
        Versioned { value, version: next() }
    }

    pub fn version(&self) -> u64 {
        self.version
    }
}

impl<T: Default> Default for Versioned<T> {
    fn default() -> Self {
        Versioned::new(T::default())
    }
}

impl<T> Deref for Versioned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Versioned<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.version = next();
        &mut self.value
    }
}

impl<T> From<T> for Versioned<T> {
    fn from(value: T) -> Self {
        Versioned::new(value)
    }
}

/// Equal when the values are: the version says when a value was touched, not what it is.
impl<T: PartialEq> PartialEq for Versioned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
