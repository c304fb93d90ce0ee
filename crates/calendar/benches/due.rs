//! Due-date throughput: 15 working days across Tết 2026, on one core.
//!
//! `cargo bench -p motcua-calendar --bench due`. The quality bar is ≥ 1,000,000 computations per
//! second per core; criterion reports the time per computation and the rate ("elem/s").

use std::hint::black_box;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use motcua_calendar::{LegalTime, TimeLimit};

fn receipts() -> Vec<NaiveDateTime> {
    // Every 37 minutes from 19 January to 13 February 2026: each due date lands after Tết,
    // so every computation walks across the nine days off.
    let start = NaiveDate::from_ymd_opt(2026, 1, 19)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid");
    (0..1000)
        .map(|i| start + Duration::minutes(37 * i))
        .collect()
}

fn bench(c: &mut Criterion) {
    let legal = LegalTime::shipped().expect("defaults parse");
    let calendar = legal.calendar(None, 2025..=2027).expect("calendar builds");
    let rules = legal.counting_rules(NaiveDate::from_ymd_opt(2026, 1, 19).expect("valid"));
    let receipts = receipts();
    let mut group = c.benchmark_group("due_date");
    group.throughput(Throughput::Elements(receipts.len() as u64));
    group.bench_function("15_working_days_across_tet", |b| {
        b.iter(|| {
            for &r in &receipts {
                black_box(
                    calendar
                        .due(black_box(r), TimeLimit::WorkingDays(15), rules)
                        .expect("computes"),
                );
            }
        })
    });
    group.bench_function("15_working_days_across_tet_explained", |b| {
        b.iter(|| {
            for &r in &receipts {
                black_box(
                    calendar
                        .due_explained(black_box(r), TimeLimit::WorkingDays(15), rules)
                        .expect("computes"),
                );
            }
        })
    });
    group.bench_function("40_working_hours_across_tet", |b| {
        b.iter(|| {
            for &r in &receipts {
                black_box(
                    calendar
                        .due(black_box(r), TimeLimit::WorkingHours(40), rules)
                        .expect("computes"),
                );
            }
        })
    });
    group.finish();
    c.bench_function("build_calendar_3_years", |b| {
        b.iter(|| black_box(legal.calendar(None, 2025..=2027).expect("builds")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
