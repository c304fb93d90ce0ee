//! Vietnamese legal time.
