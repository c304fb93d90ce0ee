//! The map with no internet: Leaflet served from the binary (a pinned copy, `static/leaflet/`,
//! with its source and licence), and tiles served from the archive a province supplies
//! (`motcua serve --tiles FILE`, PMTiles or MBTiles, raster PNG, JPEG or WebP). Without an
//! archive the map draws a plain grid under the units' boundaries; either way the pages work
//! without JavaScript, and the map only enhances them.
//!
//! URLs: `/static/leaflet/…`, `/static/map.js` (motcua's map script), `/ban-do/thong-tin.json`
//! (what the archive offers: zooms, centre, attribution), `/ban-do/o/{z}/{x}/{y}` (one tile).

use std::path::Path;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use pmtiles::{AsyncPmTilesReader, Compression, MmapBackend, TileCoord, TileType};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use crate::state::AppState;

const LEAFLET_JS: &[u8] = include_bytes!("../static/leaflet/leaflet.js");
const LEAFLET_CSS: &[u8] = include_bytes!("../static/leaflet/leaflet.css");
const MARKER: &[u8] = include_bytes!("../static/leaflet/images/marker-icon.png");
const MARKER_2X: &[u8] = include_bytes!("../static/leaflet/images/marker-icon-2x.png");
const SHADOW: &[u8] = include_bytes!("../static/leaflet/images/marker-shadow.png");
const LAYERS: &[u8] = include_bytes!("../static/leaflet/images/layers.png");
const LAYERS_2X: &[u8] = include_bytes!("../static/leaflet/images/layers-2x.png");
const MAP_JS: &[u8] = include_bytes!("../static/map.js");

/// A province's tile archive, opened once at start.
pub enum TileArchive {
    Pmtiles(Box<AsyncPmTilesReader<MmapBackend>>, TileInfo),
    Mbtiles(SqlitePool, TileInfo),
}

impl std::fmt::Debug for TileArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("TileArchive").field(self.info()).finish()
    }
}

/// What the archive offers, for the map script.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TileInfo {
    pub format: &'static str,
    pub content_type: &'static str,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// `[lat, lon, zoom]` to open the map at.
    pub center: Option<[f64; 3]>,
    /// The credit the tiles' data needs ("© OpenStreetMap contributors" for OSM-derived tiles).
    pub attribution: String,
}

fn content_type(format: &str) -> Option<(&'static str, &'static str)> {
    match format {
        "png" => Some(("png", "image/png")),
        "jpg" | "jpeg" => Some(("jpeg", "image/jpeg")),
        "webp" => Some(("webp", "image/webp")),
        _ => None,
    }
}

impl TileArchive {
    /// Opens a PMTiles or MBTiles file, told apart by their first bytes. A vector or compressed
    /// archive is refused: Leaflet draws raster tiles only.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let mut magic = [0u8; 16];
        {
            use std::io::Read as _;
            std::fs::File::open(path)?.read_exact(&mut magic)?;
        }
        if magic.starts_with(b"PMTiles") {
            let reader = AsyncPmTilesReader::new_with_path(path).await?;
            let h = reader.get_header();
            let (format, content_type) = match h.tile_type {
                TileType::Png => ("png", "image/png"),
                TileType::Jpeg => ("jpeg", "image/jpeg"),
                TileType::Webp => ("webp", "image/webp"),
                other => anyhow::bail!(
                    "tệp bản đồ chứa ô vector ({other:?}), cần ô ảnh PNG, JPEG hoặc WebP / the archive holds {other:?} tiles; raster PNG, JPEG or WebP are needed"
                ),
            };
            if !matches!(h.tile_compression, Compression::None | Compression::Unknown) {
                anyhow::bail!(
                    "ô bản đồ bị nén ({:?}) / compressed raster tiles are not supported",
                    h.tile_compression
                );
            }
            let attribution = reader
                .get_metadata()
                .await
                .ok()
                .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
                .and_then(|m| m["attribution"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let info = TileInfo {
                format,
                content_type,
                min_zoom: h.min_zoom,
                max_zoom: h.max_zoom,
                center: Some([
                    h.center_latitude,
                    h.center_longitude,
                    f64::from(h.center_zoom),
                ]),
                attribution,
            };
            return Ok(Self::Pmtiles(Box::new(reader), info));
        }
        if magic.starts_with(b"SQLite format 3\0") {
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(
                    SqliteConnectOptions::new()
                        .filename(path)
                        .read_only(true)
                        .immutable(true),
                )
                .await?;
            let rows: Vec<(String, String)> = sqlx::query_as("SELECT name, value FROM metadata")
                .fetch_all(&pool)
                .await?;
            let meta = |k: &str| rows.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            let (format, content_type) = content_type(
                &meta("format").unwrap_or_else(|| "png".into()),
            )
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "tệp MBTiles không phải ô ảnh / the MBTiles archive does not hold raster tiles"
                )
            })?;
            let zoom = |k: &str, d: u8| meta(k).and_then(|v| v.parse().ok()).unwrap_or(d);
            let center = meta("center").and_then(|c| {
                let v: Vec<f64> = c.split(',').filter_map(|x| x.trim().parse().ok()).collect();
                (v.len() == 3).then(|| [v[1], v[0], v[2]])
            });
            let info = TileInfo {
                format,
                content_type,
                min_zoom: zoom("minzoom", 0),
                max_zoom: zoom("maxzoom", 18),
                center,
                attribution: meta("attribution").unwrap_or_default(),
            };
            return Ok(Self::Mbtiles(pool, info));
        }
        anyhow::bail!(
            "{}: không phải tệp PMTiles hay MBTiles / not a PMTiles or MBTiles file",
            path.display()
        )
    }

    #[must_use]
    pub fn info(&self) -> &TileInfo {
        match self {
            Self::Pmtiles(_, i) | Self::Mbtiles(_, i) => i,
        }
    }

    /// One tile in the XYZ scheme Leaflet asks for; `None` outside the archive.
    pub async fn tile(&self, z: u8, x: u32, y: u32) -> anyhow::Result<Option<Vec<u8>>> {
        if z > 30 || x >= (1u32 << z.min(31)) || y >= (1u32 << z.min(31)) {
            return Ok(None);
        }
        match self {
            Self::Pmtiles(reader, _) => {
                let coord = TileCoord::new(z, x, y)?;
                Ok(reader.get_tile(coord).await?.map(|b| b.to_vec()))
            }
            Self::Mbtiles(pool, _) => {
                // MBTiles rows count from the south (TMS).
                let row = (1u32 << z) - 1 - y;
                Ok(sqlx::query_scalar(
                    "SELECT tile_data FROM tiles WHERE zoom_level = $1 AND tile_column = $2 AND tile_row = $3",
                )
                .bind(i64::from(z))
                .bind(i64::from(x))
                .bind(i64::from(row))
                .fetch_optional(pool)
                .await?)
            }
        }
    }
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/leaflet/leaflet.js",
            get(|| asset("text/javascript", LEAFLET_JS)),
        )
        .route(
            "/static/leaflet/leaflet.css",
            get(|| asset("text/css", LEAFLET_CSS)),
        )
        .route(
            "/static/leaflet/images/marker-icon.png",
            get(|| asset("image/png", MARKER)),
        )
        .route(
            "/static/leaflet/images/marker-icon-2x.png",
            get(|| asset("image/png", MARKER_2X)),
        )
        .route(
            "/static/leaflet/images/marker-shadow.png",
            get(|| asset("image/png", SHADOW)),
        )
        .route(
            "/static/leaflet/images/layers.png",
            get(|| asset("image/png", LAYERS)),
        )
        .route(
            "/static/leaflet/images/layers-2x.png",
            get(|| asset("image/png", LAYERS_2X)),
        )
        .route("/static/map.js", get(|| asset("text/javascript", MAP_JS)))
        .route("/ban-do/thong-tin.json", get(info))
        .route("/ban-do/o/{z}/{x}/{y}", get(tile))
}

async fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

async fn info(State(state): State<AppState>) -> Response {
    let body = match &state.config().tiles {
        Some(t) => serde_json::json!({ "tiles": true, "archive": t.info() }),
        None => serde_json::json!({ "tiles": false }),
    };
    axum::Json(body).into_response()
}

async fn tile(
    State(state): State<AppState>,
    UrlPath((z, x, y)): UrlPath<(u8, u32, String)>,
) -> Response {
    let Some(archive) = &state.config().tiles else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Leaflet may ask `y` with the archive's extension, as other tile servers serve it.
    let Ok(y) = y.split('.').next().unwrap_or("").parse::<u32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match archive.tile(z, x, y).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, archive.info().content_type),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, z, x, y, "tile read failed");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}
