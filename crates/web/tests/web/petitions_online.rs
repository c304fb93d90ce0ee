//! A citizen files petitions online: every problem of the form at once, a receipt with the
//! register number and the legal deadline, "my petitions", and a denunciation sealed exactly as
//! one registered at the desk, registered by the system so that no row names the account.

use motcua_domain::ids::{PetitionId, UnitId, UserId};
use motcua_domain::role::Role;
use motcua_store::petitions;
use reqwest::multipart::{Form, Part};

use crate::denouncer_privacy::{ADDRESS, ID_NUMBER, NAME, PHONE, assert_hidden, content};
use crate::desk_pages::PDF;
use crate::helpers::*;
use motcua_test_support::backend_test;

const RESPONDENT: &str = "Ông Đặng Văn Xạ, công chức địa chính phường";

struct World {
    app: TestApp,
    commune: UnitId,
    citizen: reqwest::Client,
    citizen_id: UserId,
    csrf: String,
}

impl World {
    async fn new(backend: Backend) -> Self {
        let app = TestApp::spawn(backend).await;
        let province = app.create_unit("96", "Tỉnh Demo", "province", None).await;
        let commune = app
            .create_unit("31825", "Phường Demo", "commune", Some(province))
            .await;
        app.create_user_in(
            "xulydon",
            Some(commune),
            &[(Role::PetitionHandler, Some(commune))],
        )
        .await;
        let citizen_id = app.create_user("luc.khiem", &[(Role::Citizen, None)]).await;
        app.create_user("nguoi.khac", &[(Role::Citizen, None)])
            .await;
        let citizen = app.new_client();
        let csrf = app.login(&citizen, "luc.khiem").await;
        Self {
            app,
            commune,
            citizen,
            citizen_id,
            csrf,
        }
    }

    fn form(&self, fields: &[(&str, &str)], files: Vec<(&str, Vec<u8>)>) -> Form {
        let commune = self.commune.to_string();
        let mut all: Vec<(&str, &str)> = vec![
            ("csrf_token", &self.csrf),
            ("unit_id", &commune),
            ("sender_name", NAME),
            ("sender_address", ADDRESS),
            ("sender_id_number", ID_NUMBER),
            ("sender_phone", PHONE),
        ];
        for (k, v) in fields {
            match all.iter_mut().find(|(ak, _)| ak == k) {
                Some(slot) => slot.1 = v,
                None => all.push((k, v)),
            }
        }
        let mut form = Form::new();
        for (k, v) in all {
            form = form.text(k.to_owned(), v.to_owned());
        }
        for (name, bytes) in files {
            let part = Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .expect("mime");
            form = form.part("files", part);
        }
        form
    }

    async fn file(&self, client: &reqwest::Client, form: Form) -> (u16, String, String) {
        let r = client
            .post(self.app.url("/don-thu/gui"))
            .multipart(form)
            .send()
            .await
            .expect("POST");
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, location, r.text().await.expect("body"))
    }

    async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let r = self.app.get(client, path).await;
        (r.status().as_u16(), r.text().await.expect("body"))
    }
}

backend_test! {
    async fn a_citizen_files_a_denunciation_online_sealed_as_at_the_desk_and_follows_it(backend: Backend) {
        let w = World::new(backend).await;
        // The form offers the four kinds with what the law asks of each.
        let (status, form) = w.page(&w.citizen, "/don-thu/gui").await;
        assert_eq!(status, 200);
        for kind in ["khieu_nai", "to_cao", "kien_nghi", "phan_anh"] {
            assert!(form.contains(&format!(r#"id="kind-{kind}""#)), "{kind}");
        }
        assert!(form.contains("Luật Tố cáo 2018, Điều 23"));

        // Act 1: a denunciation naming no one denounced, with no content and a fake PDF.
        let (status, _, bad) = w.file(&w.citizen, w.form(&[("kind", "to_cao")], vec![("gia-mao.pdf", b"plain text".to_vec()), ("chung-cu.pdf", PDF.to_vec())])).await;
        // Assert: every problem at once, nothing registered.
        assert_eq!(status, 422);
        for field in ["respondent", "content", "files"] {
            assert!(bad.contains(&format!(r#"id="{field}-error""#)), "no {field} error in:\n{bad}");
        }
        assert!(bad.contains("cần ghi rõ người hoặc cơ quan bị tố cáo"), "{bad}");
        assert!(bad.contains(r#"id="kept-file-0""#) && bad.contains("chung-cu.pdf"), "the good file is kept");
        let reference = crate::online_filing::hidden(&bad, "kept_0");
        assert!(petitions::list(&w.app.db, &petitions::PetitionFilter { limit: 10, ..Default::default() }).await.unwrap().is_empty());

        // Act 2: the full denunciation, the kept file not sent again.
        let text = content();
        let (status, location, body) = w.file(&w.citizen, w.form(&[("kind", "to_cao"), ("respondent", RESPONDENT), ("content", &text), ("kept_0", &reference), ("kept_name_0", "chung-cu.pdf")], vec![])).await;
        assert_eq!(status, 303, "{body}");
        let id = location.strip_prefix("/don-thu/cua-toi/").and_then(|s| s.split('?').next()).expect("the receipt").to_owned();

        // Assert: the receipt names the number and the deadline, and leaks nothing.
        let (status, receipt) = w.page(&w.citizen, &location).await;
        assert_eq!(status, 200);
        let rec = petitions::get(&w.app.db, PetitionId::parse(&id).unwrap()).await.unwrap();
        assert!(receipt.contains(&rec.code), "the register number");
        assert!(receipt.contains(r#"id="petition-due""#) && rec.due_at.is_some(), "the legal deadline");
        assert!(receipt.contains(r#"id="petition-protected""#));
        assert!(receipt.contains("chung-cu.pdf"));
        assert!(receipt.contains(RESPONDENT));
        // Sealed as at the desk: protected, pseudonym, clear columns empty, working copy masked.
        assert!(rec.protected && rec.sender_sealed.is_some());
        assert_eq!(rec.pseudonym, format!("Người tố cáo {}", rec.code));
        assert_eq!((rec.sender.name.as_str(), rec.sender.id_number.as_str()), ("", ""));
        assert_hidden("the working copy", &rec.content);
        assert_eq!(rec.source, "online");
        // Registered by the system: the account is in no clear column, event or handler list.
        assert_eq!(rec.registered_by, None);
        let me = w.citizen_id.to_string();
        assert!(rec.filer_index.as_deref().is_some_and(|i| !i.contains(&me)));
        let events = petitions::events(&w.app.db, rec.id).await.unwrap();
        assert!(events.iter().all(|e| e.actor.is_none() && !e.actor_name.contains("luc.khiem")), "{events:?}");
        assert!(petitions::handlers(&w.app.db, rec.id).await.unwrap().is_empty());
        assert_eq!(petitions::files(&w.app.db, rec.id).await.unwrap().len(), 1);

        // My petitions and the home page lead to it; another citizen finds nothing.
        let (_, mine) = w.page(&w.citizen, "/don-thu/cua-toi").await;
        assert!(mine.contains(&format!("/don-thu/cua-toi/{id}")));
        let (_, home) = w.page(&w.citizen, "/").await;
        assert!(home.contains(r#"href="/don-thu/cua-toi""#) && home.contains(r#"href="/don-thu/gui""#));
        let other = w.app.new_client();
        w.app.login(&other, "nguoi.khac").await;
        assert_eq!(w.page(&other, &location).await.0, 404);
        assert!(!w.page(&other, "/don-thu/cua-toi").await.1.contains(&rec.code));

        // The handler sees the case under its pseudonym, with whom it denounces.
        let handler = w.app.new_client();
        w.app.login(&handler, "xulydon").await;
        let (status, case) = w.page(&handler, &format!("/don-thu/{id}")).await;
        assert_eq!(status, 200);
        assert_hidden("the case page", &case);
        assert!(case.contains(RESPONDENT));
        // Officers do not file as citizens.
        assert_eq!(w.page(&handler, "/don-thu/gui").await.0, 403);
    }

    async fn a_complaint_filed_online_is_open_with_its_acceptance_deadline(backend: Backend) {
        let w = World::new(backend).await;
        let (status, location, body) = w.file(&w.citizen, w.form(&[
            ("kind", "khieu_nai"),
            ("respondent", "Chủ tịch Ủy ban nhân dân phường"),
            ("content", "Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC vì tôi không vi phạm."),
        ], vec![])).await;
        assert_eq!(status, 303, "{body}");
        let id = location.strip_prefix("/don-thu/cua-toi/").and_then(|s| s.split('?').next()).unwrap().to_owned();
        let rec = petitions::get(&w.app.db, PetitionId::parse(&id).unwrap()).await.unwrap();
        assert!(!rec.protected);
        assert_eq!(rec.sender.name, NAME);
        assert_eq!(rec.respondent, "Chủ tịch Ủy ban nhân dân phường");
        assert_eq!(rec.deadline_kind.as_deref(), Some("acceptance"));
        let (_, receipt) = w.page(&w.citizen, &location).await;
        assert!(receipt.contains("Số đơn") && receipt.contains(&rec.code));
        // A feedback report needs no respondent.
        let (status, _, body) = w.file(&w.citizen, w.form(&[("kind", "phan_anh"), ("content", "Đèn đường hẻm 5 tắt đã hai tuần.")], vec![])).await;
        assert_eq!(status, 303, "{body}");
    }
}
