//! Work spread over every core, for lists of independent items.
//!
//! Starting the worker pool costs more than checking or rendering one file (an
//! editor checks one file on every keystroke), so a list of one item, or none, is
//! mapped on the calling thread and no pool is ever started for it.

use rayon::prelude::*;

/// `items` mapped through `f`, in order: on every core when there is more than one.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// [`map`] for owned items: each is moved into `f`.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
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
}
