//! Work spread over every core, for lists of independent items.
//!
//! Starting the worker pool costs more than checking or rendering one file (an
//! editor checks one file on every keystroke), so a list of one item, or none, is
//! mapped on the calling thread and no pool is ever started for it.
//!
//! The pool's workers have large stacks ([`WORKER_STACK`]): the Python parser
//! recurses once per level of nesting, and a worker that can take any ordinary
//! example directly spares every block a pass that bounds its depth first
//! (`extract::python`). Only the pages a thread touches take memory.

use std::sync::OnceLock;

use rayon::prelude::*;

/// Whether a document of `len` bytes has its blocks read, and its rules run, on
/// every core: one spec of thousands of examples would otherwise keep all cores
/// but one idle. A smaller document (up to 1 MiB) is worked on by one thread, as
/// other files keep the other cores busy.
///
/// In debug builds `SPECLINT_LARGE_DOCUMENT=BYTES` sets the size, so that the
/// tests can hold the work spread over the cores to the work done on one thread.
fn is_large_document(len: usize) -> bool {
    static ABOVE: OnceLock<usize> = OnceLock::new();
    len > *ABOVE.get_or_init(|| {
        #[cfg(debug_assertions)]
        if let Some(bytes) = std::env::var("SPECLINT_LARGE_DOCUMENT")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            return bytes;
        }
        1 << 20
    })
}

/// The stack of each worker thread.
pub const WORKER_STACK: usize = 64 << 20;

/// `items` mapped through `f`, in order: on every core when there is more than one.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 {
        run(|| items.par_iter().map(f).collect())
    } else {
        items.iter().map(f).collect()
    }
}

/// What `f` makes of the parts of one document of `len` bytes (its blocks, its
/// rules), in order: `f` is given each part with its index and appends to the
/// output. On every core when the document is large ([`is_large_document`]);
/// else on this thread, into one vector.
pub fn collect_parts<T: Sync, R: Send>(
    len: usize,
    parts: &[T],
    f: impl Fn(usize, &T, &mut Vec<R>) + Sync + Send,
) -> Vec<R> {
    if is_large_document(len) {
        let indexed: Vec<(usize, &T)> = parts.iter().enumerate().collect();
        map(&indexed, |&(i, part)| {
            let mut out = Vec::new();
            f(i, part, &mut out);
            out
        })
        .into_iter()
        .flatten()
        .collect()
    } else {
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            f(i, part, &mut out);
        }
        out
    }
}

/// [`map`] for owned items: each is moved into `f`.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 {
        run(|| items.into_par_iter().map(f).collect())
    } else {
        items.into_iter().map(f).collect()
    }
}

/// The stack this thread has, when it is one of the pool's workers.
pub fn worker_stack() -> Option<usize> {
    pool()?.current_thread_index().map(|_| WORKER_STACK)
}

/// Runs `work` in the pool (rayon's global pool if ours could not be started).
fn run<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("speclint-worker-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_on_every_path() {
        assert_eq!(super::map(&[] as &[u32], |x| x * 2), Vec::<u32>::new());
        assert_eq!(super::map(&[3], |x| x * 2), [6]);
        let many: Vec<u32> = (0..1000).collect();
        let doubled: Vec<u32> = many.iter().map(|x| x * 2).collect();
        assert_eq!(super::map(&many, |x| x * 2), doubled);
        assert_eq!(super::map_owned(many, |x| x * 2), doubled);
        assert_eq!(super::map_owned(vec![3], |x| x * 2), [6]);
    }

    #[test]
    fn only_the_pools_workers_have_its_stack() {
        assert_eq!(
            super::worker_stack(),
            None,
            "the calling thread is not a worker"
        );
        let stacks = super::map(&[0, 1, 2, 3], |_| super::worker_stack());
        assert!(
            stacks.iter().all(|s| *s == Some(super::WORKER_STACK)),
            "{stacks:?}"
        );
    }
}
