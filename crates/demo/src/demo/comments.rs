//! The demo's comments: a dozen residents (citizen accounts, not listed at start: they only
//! write) discuss the seed's article in threads up to three deep and vote; one comment is
//! hidden automatically after three reports, one by the moderator with a reason, one waits in
//! a pre-moderated section; the open poll and a place report have comments too. Every comment,
//! vote and report goes through the comment operations, each at its moment.

use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use motcua_app::{Actor, Context, accounts, comments};
use motcua_domain::account::Login;
use motcua_domain::comment::{CommentRules, Moderation, Subject};
use motcua_domain::ids::{ArticleId, CommentId};
use motcua_domain::role::{Role, RoleGrant};
use motcua_store::users::NewUser;

/// What the demo put in.
#[derive(Debug)]
pub struct CommentsReport {
    pub comments: usize,
    pub hidden: usize,
}

/// The residents who comment.
const RESIDENTS: &[(&str, &str)] = &[
    ("0918000001", "Trần Thị Hoa"),
    ("0918000002", "Lê Văn Phúc"),
    ("0918000003", "Ngô Thị Mai"),
    ("0918000004", "Phan Văn Tài"),
    ("0918000005", "Đỗ Thị Lan"),
    ("0918000006", "Huỳnh Văn Sáu"),
    ("0918000007", "Châu Thị Ngọc"),
    ("0918000008", "Tạ Văn Bình"),
    ("0918000009", "Mã Thị Kim"),
    ("0918000010", "Quách Văn Lợi"),
    ("0918000011", "Dương Thị Thu"),
    ("0918000012", "Vương Văn Hậu"),
];

fn at(ctx: &Context, t: DateTime<Utc>) -> Context {
    ctx.with_clock(Arc::new(move || t))
}

struct Writer {
    actors: Vec<Actor>,
    rules: CommentRules,
    count: usize,
}

impl Writer {
    async fn post(
        &mut self,
        ctx: &Context,
        who: usize,
        t: DateTime<Utc>,
        subject: Subject,
        parent: Option<CommentId>,
        body: &str,
    ) -> anyhow::Result<CommentId> {
        let (id, _) = comments::post(
            &at(ctx, t),
            &self.actors[who],
            &self.rules,
            subject,
            parent,
            body,
        )
        .await?;
        self.count += 1;
        Ok(id)
    }

    async fn vote(
        &self,
        ctx: &Context,
        who: usize,
        id: CommentId,
        value: i64,
    ) -> anyhow::Result<()> {
        comments::vote(ctx, &self.actors[who], id, value).await?;
        Ok(())
    }
}

async fn resident_accounts(ctx: &Context, hash: &str) -> anyhow::Result<Vec<Actor>> {
    let by = Actor::system("motcua serve --demo");
    let mut out = Vec::new();
    for (login, name) in RESIDENTS {
        let user = accounts::create(
            ctx,
            &by,
            accounts::NewAccount {
                user: NewUser {
                    login: Login::parse(login)?,
                    full_name: (*name).to_owned(),
                    email: None,
                    password_hash: hash.to_owned(),
                    unit: None,
                },
                roles: vec![RoleGrant::new(Role::Citizen, None)?],
            },
        )
        .await?;
        out.push(Actor {
            user: Some(user.id),
            name: (*name).to_owned(),
            ip: None,
            cache: None,
        });
    }
    Ok(out)
}

pub async fn generate(
    ctx: &Context,
    hash: &str,
    seed_article: ArticleId,
) -> anyhow::Result<CommentsReport> {
    let now = ctx.now();
    let mut w = Writer {
        actors: resident_accounts(ctx, hash).await?,
        rules: CommentRules::default(),
        count: 0,
    };
    let seed = Subject::Article(seed_article);
    let published = motcua_store::news::get(ctx.db(), seed_article)
        .await?
        .publish_at
        .context("the seed article is published")?;
    let t = |hours: i64| published + Duration::hours(hours);
    let a = w
        .post(ctx, 0, t(2), seed, None, "Phong trào rất thiết thực. Hẻm nhà tôi từ khi có tổ tự quản sạch hẳn, tối có đèn, trẻ con chơi an toàn.")
        .await?;
    let a1 = w
        .post(
            ctx,
            1,
            t(3),
            seed,
            Some(a),
            "Đồng ý. Khóm 5 cũng làm, mỗi nhà góp một ít, ai cũng vui.",
        )
        .await?;
    w.post(
        ctx,
        0,
        t(4),
        seed,
        Some(a1),
        "Khóm 5 làm đèn năng lượng mặt trời phải không anh? Chỉ giúp cách liên hệ với.",
    )
    .await?;
    let b = w
        .post(
            ctx,
            2,
            t(5),
            seed,
            None,
            "Mong phường nhân rộng quỹ khuyến học cho các em ở khu ven biển.",
        )
        .await?;
    w.post(
        ctx,
        3,
        t(6),
        seed,
        Some(b),
        "Năm nay quỹ đã trao 60 suất, có cả các em ở khóm ven biển.",
    )
    .await?;
    let c = w
        .post(ctx, 4, t(8), seed, None, "Cán bộ một cửa hướng dẫn nộp hồ sơ trực tuyến rất tận tình, tôi làm giấy tờ cho mẹ không phải đi lại nhiều lần.")
        .await?;
    let spam = w
        .post(
            ctx,
            5,
            t(9),
            seed,
            None,
            "Bán đất nền giá rẻ, lãi suất 0%, gọi ngay 09xx xxx xxx!!!",
        )
        .await?;
    w.post(
        ctx,
        6,
        t(10),
        seed,
        Some(c),
        "Ở phường tôi cũng vậy, nhờ có tổ công nghệ số cộng đồng.",
    )
    .await?;
    let rude = w
        .post(
            ctx,
            7,
            t(12),
            seed,
            None,
            "Toàn nói hay, làm thì chẳng thấy đâu, đồ ăn hại!",
        )
        .await?;
    w.post(
        ctx,
        8,
        t(13),
        seed,
        Some(rude),
        "Anh có góp ý cụ thể thì nêu ra để phường sửa, đừng nói vậy.",
    )
    .await?;
    for (who, id, value) in [
        (1, a, 1),
        (2, a, 1),
        (3, a, 1),
        (4, a, 1),
        (5, a, -1),
        (0, b, 1),
        (4, b, 1),
        (9, b, 1),
        (0, c, 1),
        (2, c, 1),
        (1, rude, -1),
        (2, rude, -1),
    ] {
        w.vote(ctx, who, id, value).await?;
    }
    // Three people report the advert: it hides itself and the moderators are told.
    for who in [0, 2, 9] {
        comments::report(&at(ctx, t(11)), &w.actors[who], &w.rules, spam, "spam").await?;
    }
    // One reports the insult; the moderator hides it, its reply stays.
    comments::report(&at(ctx, t(12)), &w.actors[10], &w.rules, rude, "offensive").await?;
    let moderator = moderator(ctx).await?;
    comments::moderate(
        &at(ctx, t(14)),
        &moderator,
        rude,
        Moderation::Hide,
        "Lời lẽ xúc phạm, vi phạm quy định bình luận.",
    )
    .await?;
    // The open poll and a place report.
    let polls = motcua_store::polls::list(ctx.db(), 0, 10).await?.0;
    if let Some(open) = polls
        .iter()
        .find(|p| p.opens_at <= now && now < p.closes_at)
    {
        let subject = Subject::Poll(open.id);
        let q = w
            .post(
                ctx,
                10,
                now - Duration::hours(20),
                subject,
                None,
                "Theo tôi, cơ hội được đào tạo và thăng tiến rõ ràng quan trọng hơn lương.",
            )
            .await?;
        w.post(
            ctx,
            11,
            now - Duration::hours(18),
            subject,
            Some(q),
            "Lương cũng cần, nhưng môi trường làm việc minh bạch mới giữ được người giỏi.",
        )
        .await?;
        w.vote(ctx, 3, q, 1).await?;
    }
    let filter = motcua_store::reports::read::ReportFilter {
        groups: vec!["open".into()],
        limit: 1,
        ..Default::default()
    };
    if let Some(r) = motcua_store::reports::read::list(ctx.db(), &filter)
        .await?
        .first()
    {
        w.post(
            ctx,
            11,
            now - Duration::hours(2),
            Subject::Report(r.id),
            None,
            "Tôi đi qua đây sáng nay, vẫn còn như vậy. Mong phường sớm xử lý.",
        )
        .await?;
    }
    // A comment in a pre-moderated section waits for the moderator.
    let notices = motcua_store::news::sections(ctx.db())
        .await?
        .into_iter()
        .find(|s| s.slug == "thong-bao")
        .context("the demo's notices section")?;
    let (cards, _) = motcua_store::news::public_page(ctx.db(), Some(notices.id), now, 0, 1).await?;
    if let Some(card) = cards.first() {
        w.post(
            ctx,
            9,
            now - Duration::minutes(30),
            Subject::Article(card.id),
            None,
            "Xin hỏi lịch này có áp dụng cho ngày lễ không ạ?",
        )
        .await?;
    }
    Ok(CommentsReport {
        comments: w.count,
        hidden: 2,
    })
}

async fn moderator(ctx: &Context) -> anyhow::Result<Actor> {
    let found = motcua_store::users::find_by_login(ctx.db(), &Login::parse("kiemduyet")?)
        .await?
        .context("demo account kiemduyet")?;
    Ok(Actor {
        user: Some(found.user.id),
        name: found.user.full_name,
        ip: None,
        cache: None,
    })
}
