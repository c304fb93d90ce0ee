//! The demo's polls: the portal's question on keeping talent in the public sector, open, with
//! ballots already cast at the desk (their count hidden until it closes); a closed poll on the
//! night market with its results; and the demo citizen's account verified at the desk, so that
//! `congdan` can vote online. Every ballot goes through the desk operation, as the officer
//! `motcua.baclieu` at the moment it was cast.

use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use motcua_app::{Actor, Context, polls};
use motcua_domain::account::Login;
use motcua_domain::ids::{PollId, PollOptionId, UnitId};
use motcua_domain::poll::RawPoll;

/// What the demo put in.
#[derive(Debug)]
pub struct PollsReport {
    pub polls: usize,
    pub ballots: usize,
}

fn at(ctx: &Context, t: DateTime<Utc>) -> Context {
    ctx.with_clock(Arc::new(move || t))
}

async fn officer(ctx: &Context, login: &str, name: &str) -> anyhow::Result<Actor> {
    let found = motcua_store::users::find_by_login(ctx.db(), &Login::parse(login)?)
        .await?
        .with_context(|| format!("demo account {login}"))?;
    Ok(Actor {
        user: Some(found.user.id),
        name: name.to_owned(),
        ip: None,
        cache: None,
    })
}

/// A demo ID number: Bạc Liêu's birth registration code (095), a birth year, a running number.
fn id_number(i: usize) -> String {
    // 0 a man, 1 a woman, born in the 1900s.
    let century_sex = i % 2;
    format!("095{century_sex}{:02}{:06}", 50 + i % 50, 100_000 + i)
}

/// Ballots cast at the desk by the people numbered `people`, spread over `[from, until)`,
/// choosing by `weights`.
async fn desk_ballots(
    ctx: &Context,
    desk: &Actor,
    poll: PollId,
    ward: UnitId,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    weights: &[usize],
    people: std::ops::Range<usize>,
) -> anyhow::Result<usize> {
    let (first, n) = (people.start, people.len());
    let options: Vec<PollOptionId> = motcua_store::polls::get(ctx.db(), poll)
        .await?
        .options
        .iter()
        .map(|o| o.id)
        .collect();
    let total: usize = weights.iter().sum();
    let mut rng = fastrand::Rng::with_seed(25 + first as u64);
    let span = (until - from).num_seconds().max(1);
    for i in 0..n {
        let mut pick = rng.usize(..total);
        let choice = weights
            .iter()
            .position(|w| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .unwrap_or(0);
        let when = from + Duration::seconds(span * i as i64 / n as i64);
        polls::vote_at_desk(
            &at(ctx, when),
            desk,
            poll,
            &id_number(first + i),
            ward,
            &[options[choice]],
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo ballot {i}: {e}"))?;
    }
    Ok(n)
}

pub async fn generate(ctx: &Context, ward: UnitId) -> anyhow::Result<PollsReport> {
    let now = ctx.now();
    let moderator = officer(ctx, "kiemduyet", "Huỳnh Thị Duyệt").await?;
    let desk = officer(ctx, "motcua.baclieu", "Nguyễn Thị Một Cửa").await?;
    let mut ballots = 0;

    // The portal's question, open for another three weeks.
    let opened = now - Duration::days(9);
    let talent = polls::create(
        &at(ctx, opened - Duration::days(1)),
        &moderator,
        RawPoll {
            unit: Some(ward),
            title: "Giữ chân và thu hút người tài vào khu vực công".into(),
            question: "Theo bạn, điều gì có thể giữ chân và thu hút người tài vào khu vực công?"
                .into(),
            description: "Phường lấy ý kiến người dân để góp vào đề án thu hút nguồn nhân lực \
                chất lượng cao giai đoạn 2026–2030. Mỗi người được chọn tối đa hai phương án."
                .into(),
            kind: "multiple".into(),
            max_choices: "2".into(),
            options: vec![
                "Thu nhập, đãi ngộ tương xứng với năng lực".into(),
                "Môi trường làm việc chuyên nghiệp, minh bạch".into(),
                "Cơ hội học tập, thăng tiến rõ ràng".into(),
                "Được ghi nhận, khen thưởng kịp thời".into(),
                "Tuyển dụng công khai, công bằng".into(),
            ],
            opens_at: Some(opened),
            closes_at: Some(now + Duration::days(21)),
            results_live: false,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo poll: {e}"))?;
    ballots += desk_ballots(
        ctx,
        &desk,
        talent,
        ward,
        (opened, now - Duration::hours(1)),
        &[9, 6, 5, 2, 3],
        0..37,
    )
    .await?;

    // The night market: closed last week, its results public.
    let (from, until) = (now - Duration::days(40), now - Duration::days(6));
    let market = polls::create(
        &at(ctx, from - Duration::days(2)),
        &moderator,
        RawPoll {
            unit: Some(ward),
            title: "Thời gian tổ chức chợ đêm khu Trung tâm thương mại".into(),
            question: "Chợ đêm nên mở vào những buổi nào trong tuần?".into(),
            description: "Kết quả được dùng để xây dựng phương án tổ chức chợ đêm từ tháng sau."
                .into(),
            kind: "single".into(),
            max_choices: String::new(),
            options: vec![
                "Tối thứ Sáu, thứ Bảy và Chủ nhật".into(),
                "Chỉ tối thứ Bảy và Chủ nhật".into(),
                "Tất cả các tối trong tuần".into(),
                "Không nên tổ chức chợ đêm".into(),
            ],
            opens_at: Some(from),
            closes_at: Some(until),
            results_live: false,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo poll: {e}"))?;
    ballots += desk_ballots(
        ctx,
        &desk,
        market,
        ward,
        (from, until),
        &[11, 7, 3, 2],
        1_000..1_126,
    )
    .await?;

    // The demo citizen, verified at the desk; their number is none of the ballots' above.
    polls::verify_citizen(
        &at(ctx, now - Duration::days(30)),
        &desk,
        "congdan",
        &id_number(9_999),
        ward,
    )
    .await
    .map_err(|e| anyhow::anyhow!("verifying the demo citizen: {e}"))?;
    Ok(PollsReport { polls: 2, ballots })
}
