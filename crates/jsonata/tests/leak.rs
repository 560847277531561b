//! Closures that capture their own frame (recursive functions) form reference
//! cycles; the evaluator breaks them when an evaluation ends, so repeated
//! evaluations do not leak. Checked with a counting allocator.

use jsonata::{Environment, Expression, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn recursive_closures_do_not_leak() {
    let src = "($fact := function($n){ $n <= 1 ? 1 : $n * $fact($n - 1) }; \
               $o := {'self': function(){ $o }}; $map([1..20], $fact))";
    let expr = Expression::parse(src).unwrap();
    let run = || {
        let mut env = Environment::new(Options::default());
        expr.evaluate(None, &mut env).unwrap();
    };
    run();
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..200 {
        run();
    }
    let after = LIVE.load(Ordering::Relaxed);
    assert!(after - before < 4096, "leaked {} bytes", after - before);
}
