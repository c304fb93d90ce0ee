//! The admin pages: units (create, merge), users (create, grant, disable), procedures
//! (create, import with the per-row report, export).

use motcua_domain::role::Role;

use crate::helpers::*;
use motcua_test_support::backend_test;

async fn admin_session(app: &TestApp) -> String {
    app.create_user("qt.he.thong", &[(Role::SystemAdmin, None)])
        .await;
    app.login(&app.client, "qt.he.thong").await
}

backend_test! {
    async fn an_administrator_creates_a_unit_and_sees_it_in_the_tree(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let r = app
            .client
            .post(app.url("/admin/units"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("code", "CM"),
                ("name", "Tỉnh Cà Mau"),
                ("level", "province"),
                ("parent_id", ""),
                ("effective_from", "2025-07-01"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let tree = app.get(&app.client, "/admin/units").await.text().await.unwrap();
        assert!(tree.contains("Tỉnh Cà Mau"));
    }

    async fn a_unit_form_with_errors_shows_them_beside_the_fields(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let r = app
            .client
            .post(app.url("/admin/units"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("code", "mã có dấu"),
                ("name", ""),
                ("level", "commune"),
                ("parent_id", ""),
                ("effective_from", "31/02/2025"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains(r#"id="code-error""#));
        assert!(body.contains(r#"aria-describedby="code-error""#));
        assert!(body.contains(r#"id="effective_from-error""#));
    }

    async fn script_in_a_unit_name_is_stored_as_typed_and_shown_escaped(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let name = "<script>alert('x')</script> Robert'); DROP TABLE unit;--";
        let r = app
            .client
            .post(app.url("/admin/units"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("code", "XSS"),
                ("name", name),
                ("level", "province"),
                ("effective_from", "2025-07-01"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let html = app.get(&app.client, "/admin/units").await.text().await.unwrap();
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"));
        let api: serde_json::Value = app.get(&app.client, "/api/v1/units").await.json().await.unwrap();
        assert_eq!(api[0]["name"], name, "stored exactly as typed");
    }

    async fn a_merge_closes_the_old_units_and_opens_the_successor(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let province = app.create_unit("CM", "Tỉnh Cà Mau", "province", None).await;
        let p1 = app.create_unit("P1", "Phường 1", "commune", Some(province)).await;
        let p2 = app.create_unit("P2", "Phường 2", "commune", Some(province)).await;
        let r = app
            .client
            .post(app.url("/admin/units/merge"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("from", &p1.to_string()),
                ("from", &p2.to_string()),
                ("code", "PBL"),
                ("name", "Phường Bạc Liêu"),
                ("level", "commune"),
                ("parent_id", &province.to_string()),
                ("effective", "2025-08-01"),
                ("legal_basis", "Nghị quyết 1655/NQ-UBTVQH15"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let units: serde_json::Value = app.get(&app.client, "/api/v1/units?date=2025-09-01").await.json().await.unwrap();
        let codes: Vec<&str> = units.as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"PBL"));
        assert!(!codes.contains(&"P1"));
        let before: serde_json::Value = app.get(&app.client, "/api/v1/units?date=2025-07-15").await.json().await.unwrap();
        assert!(before.as_array().unwrap().iter().any(|u| u["code"] == "P1"));
    }

    async fn an_administrator_creates_a_user_grants_a_role_and_disables_them(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let province = app.create_unit("CM", "Tỉnh Cà Mau", "province", None).await;
        let ward = app.create_unit("PBL", "Phường Bạc Liêu", "commune", Some(province)).await;
        // Create
        let r = app
            .client
            .post(app.url("/admin/users"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("login", "mot.cua"),
                ("full_name", "Nguyễn Văn Một"),
                ("email", ""),
                ("password", "mat-khau-ban-dau-1"),
                ("unit", &ward.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        // Grant
        let r = app
            .client
            .post(app.url(&format!("{location}/grants")))
            .form(&[("csrf_token", csrf.as_str()), ("role", "desk_officer"), ("unit", &ward.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let page = app.get(&app.client, &location).await.text().await.unwrap();
        assert!(page.contains("Cán bộ một cửa"));
        // The new person can log in
        let theirs = app.new_client();
        assert_eq!(app.post_login(&theirs, "mot.cua", "mat-khau-ban-dau-1").await.status(), 303);
        // Disable: their session ends and they cannot log in again
        let r = app
            .client
            .post(app.url(&format!("{location}/status")))
            .form(&[("csrf_token", csrf.as_str()), ("disabled", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(app.get(&theirs, "/account/password").await.status(), 401);
        let again = app.post_login(&app.new_client(), "mot.cua", "mat-khau-ban-dau-1").await;
        assert_eq!(again.status(), 403);
        assert!(again.text().await.unwrap().contains("vô hiệu hóa"));
    }

    async fn a_duplicate_login_is_reported_beside_the_field(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let r = app
            .client
            .post(app.url("/admin/users"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("login", "qt.he.thong"),
                ("full_name", "Trùng"),
                ("password", "mat-khau-ban-dau-1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="login-error""#));
    }

    async fn an_import_with_bad_rows_shows_the_report_and_imports_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let csv = format!(
            "{}\n{}9.9,Thủ tục hỏng,Hộ tịch,galaxy,PBL,working_days,abc,3,,,,,2025-07-01,x\n",
            motcua_domain::catalogue::COLUMNS.join(","),
            SAMPLE_ROWS.lines().next().unwrap().to_owned() + "\n"
        );
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("thu-tuc.csv"));
        let r = app.client.post(app.url("/admin/procedures/import")).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("import-report"));
        assert!(body.contains("<td>3</td>"), "the bad row is row 3");
        assert!(body.contains("level"));
        assert_eq!(app.get(&app.client, "/procedures/1.000894").await.status(), 404, "nothing imported");
    }

    async fn import_row_errors_are_shown_in_the_pages_language(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let row = SAMPLE_ROWS.lines().next().unwrap().replace("2025-07-01", "2025-13-45");
        let csv = format!("{}\n{row}\n", motcua_domain::catalogue::COLUMNS.join(","));
        for (path, expected) in [
            (
                "/admin/procedures/import",
                "Ngày «2025-13-45» không hợp lệ; dùng dạng NNNN-TT-NN, ví dụ 2025-07-01.",
            ),
            (
                "/admin/procedures/import?lang=en",
                "The date «2025-13-45» is not valid; use the form YYYY-MM-DD, for example 2025-07-01.",
            ),
        ] {
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", csrf.clone())
                .part("file", reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("thu-tuc.csv"));
            let r = app.client.post(app.url(path)).multipart(form).send().await.unwrap();
            assert_eq!(r.status(), 422);
            let body = r.text().await.unwrap();
            assert!(body.contains(expected), "{path}: {body}");
        }
    }

    async fn a_clean_import_is_written_and_exports_round_trip(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let csv = format!("\u{feff}{}\n{SAMPLE_ROWS}", motcua_domain::catalogue::COLUMNS.join(","));
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("thu-tuc.csv"));
        let r = app.client.post(app.url("/admin/procedures/import")).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("Đã nhập 2 thủ tục"));
        let exported = app.get(&app.client, "/admin/procedures/export.csv").await;
        assert_eq!(exported.status(), 200);
        let text = exported.text().await.unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("Đăng ký kết hôn"));
        let xlsx = app.get(&app.client, "/admin/procedures/export.xlsx").await;
        assert_eq!(xlsx.status(), 200);
        assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    }

    async fn an_import_without_the_csrf_token_is_rejected(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        admin_session(&app).await;
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(b"code\n".to_vec()).file_name("x.csv"));
        let r = app.client.post(app.url("/admin/procedures/import")).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 403);
    }

    async fn a_procedure_version_is_added_from_the_form(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let csrf = admin_session(&app).await;
        let r = app
            .client
            .post(app.url("/admin/procedures"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("code", "1.001193"),
                ("name", "Đăng ký khai sinh"),
                ("field", "Hộ tịch"),
                ("level", "commune"),
                ("deciding_agency", "PBL"),
                ("limit_kind", "same_day"),
                ("legal_limit", "1"),
                ("committed_limit", "1"),
                ("fee_text", "Miễn lệ phí"),
                ("fee_amount_vnd", "0"),
                ("documents", "Tờ khai đăng ký khai sinh; bản chính; 1\nGiấy chứng sinh; bản chính; 1"),
                ("steps", "Tiếp nhận; desk_officer; 0.25\nThẩm định; specialist; 0.5"),
                ("effective_from", "2025-07-01"),
                ("legal_basis", "Luật Hộ tịch 2014"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let page = app.get(&app.client, "/procedures/1.001193").await.text().await.unwrap();
        assert!(page.contains("Giấy chứng sinh"));
    }
}

mod audit {
    use motcua_domain::role::Role;

    use crate::helpers::*;
    use motcua_test_support::backend_test;

    backend_test! {
        async fn viewing_a_profile_is_recorded_in_the_audit_log(backend: Backend) {
            let app = TestApp::spawn(backend).await;
            let viewer = app.create_user("qt.he.thong", &[(Role::SystemAdmin, None)]).await;
            let viewed = app.create_user("cong.dan", &[(Role::Citizen, None)]).await;
            app.login(&app.client, "qt.he.thong").await;
            // Act
            let r = app.get(&app.client, &format!("/admin/users/{viewed}")).await;
            // Assert
            assert_eq!(r.status(), 200);
            let log = motcua_store::audit::for_entity(&app.db, "user", &viewed.to_string()).await.unwrap();
            let view = log.iter().find(|e| e.entry.action == "user.view").expect("a view entry");
            assert_eq!(view.entry.actor, Some(viewer));
        }
    }
}
