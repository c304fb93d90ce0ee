//! Where a report is: WGS84 coordinates, the boundary polygons of units, and distances.
//!
//! Distances are great-circle (haversine) on a sphere of the Earth's mean radius: within a
//! kilometre the error against the ellipsoid is a few metres, well below what a phone's "use my
//! location" gives.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::message::Text;

/// The Earth's mean radius, metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A point on the Earth, WGS84 degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    /// Checks a latitude and longitude given as numbers.
    pub fn new(lat: f64, lon: f64) -> Result<Self, FieldError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(FieldError::new("lat", Text::id("validation-report-lat")));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(FieldError::new("long", Text::id("validation-report-lon")));
        }
        Ok(Self { lat, lon })
    }

    /// Parses the two numbers as a form or an Open311 client sends them (a decimal comma is
    /// accepted, as a Vietnamese keyboard types it). `None` when both are empty.
    pub fn parse(lat: &str, lon: &str) -> Result<Option<Self>, FieldError> {
        let (lat, lon) = (lat.trim(), lon.trim());
        if lat.is_empty() && lon.is_empty() {
            return Ok(None);
        }
        let number = |s: &str, field: &'static str, id: &'static str| {
            s.replace(',', ".")
                .parse::<f64>()
                .map_err(|_| FieldError::new(field, Text::id(id)))
        };
        let la = number(lat, "lat", "validation-report-lat")?;
        let lo = number(lon, "long", "validation-report-lon")?;
        Self::new(la, lo).map(Some)
    }

    /// The great-circle distance to `other`, metres.
    #[must_use]
    pub fn distance_m(self, other: Self) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// The latitude and longitude box that holds every point within `radius_m`: the index
    /// narrows to it, the exact distance decides.
    #[must_use]
    pub fn bounding_box(self, radius_m: f64) -> BoundingBox {
        let dlat = (radius_m / EARTH_RADIUS_M).to_degrees();
        // Near the poles the box would wrap; Vietnam is far from them, clamp anyway.
        let cos = self.lat.to_radians().cos().max(0.01);
        let dlon = dlat / cos;
        BoundingBox {
            min_lat: self.lat - dlat,
            max_lat: self.lat + dlat,
            min_lon: self.lon - dlon,
            max_lon: self.lon + dlon,
        }
    }
}

/// A latitude and longitude box.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

impl BoundingBox {
    #[must_use]
    pub fn contains(&self, p: Coordinates) -> bool {
        (self.min_lat..=self.max_lat).contains(&p.lat)
            && (self.min_lon..=self.max_lon).contains(&p.lon)
    }
}

/// A unit's boundary: one outer ring of `[lon, lat]` points, as GeoJSON writes them. Holes and
/// several parts are not needed by the wards we know; an island commune is given as one ring per
/// part by listing the unit once per part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    ring: Vec<[f64; 2]>,
    #[serde(skip)]
    bbox: Option<BoundingBox>,
}

impl Boundary {
    /// Checks a ring: at least three distinct points, every one a valid coordinate. The ring
    /// need not repeat its first point.
    pub fn new(mut ring: Vec<[f64; 2]>) -> Result<Self, FieldError> {
        let bad = || FieldError::new("boundary", Text::id("validation-report-boundary"));
        if ring.len() > 1 && ring.first() == ring.last() {
            ring.pop();
        }
        if ring.len() < 3 {
            return Err(bad());
        }
        for [lon, lat] in &ring {
            Coordinates::new(*lat, *lon).map_err(|_| bad())?;
        }
        let bbox = BoundingBox {
            min_lat: ring.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min),
            max_lat: ring.iter().map(|p| p[1]).fold(f64::NEG_INFINITY, f64::max),
            min_lon: ring.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min),
            max_lon: ring.iter().map(|p| p[0]).fold(f64::NEG_INFINITY, f64::max),
        };
        Ok(Self {
            ring,
            bbox: Some(bbox),
        })
    }

    /// Reads the ring from its GeoJSON coordinates (`[[lon, lat], …]`).
    pub fn from_json(text: &str) -> Result<Self, FieldError> {
        let ring: Vec<[f64; 2]> = serde_json::from_str(text)
            .map_err(|_| FieldError::new("boundary", Text::id("validation-report-boundary")))?;
        Self::new(ring)
    }

    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.ring).unwrap_or_else(|_| "[]".into())
    }

    #[must_use]
    pub fn ring(&self) -> &[[f64; 2]] {
        &self.ring
    }

    #[must_use]
    pub fn bbox(&self) -> BoundingBox {
        self.bbox.unwrap_or(BoundingBox {
            min_lat: 0.0,
            max_lat: 0.0,
            min_lon: 0.0,
            max_lon: 0.0,
        })
    }

    /// Whether the point lies inside the ring (even-odd rule; a point exactly on an edge may
    /// fall either side, and the neighbouring unit then takes it).
    #[must_use]
    pub fn contains(&self, p: Coordinates) -> bool {
        if !self.bbox().contains(p) {
            return false;
        }
        let mut inside = false;
        let n = self.ring.len();
        let mut j = n - 1;
        for i in 0..n {
            let [xi, yi] = self.ring[i];
            let [xj, yj] = self.ring[j];
            if (yi > p.lat) != (yj > p.lat) && p.lon < (xj - xi) * (p.lat - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    }

    /// A point inside the ring to stand for the unit when a report gives only an address: the
    /// average of the vertices when it falls inside (it does for the convex shapes of most
    /// wards), else the first vertex's nearest interior neighbour along the box's middle line.
    #[must_use]
    pub fn representative_point(&self) -> Coordinates {
        let n = self.ring.len() as f64;
        let c = Coordinates {
            lon: self.ring.iter().map(|p| p[0]).sum::<f64>() / n,
            lat: self.ring.iter().map(|p| p[1]).sum::<f64>() / n,
        };
        if self.contains(c) {
            return c;
        }
        let b = self.bbox();
        let lat = (b.min_lat + b.max_lat) / 2.0;
        (1..100)
            .map(|k| Coordinates {
                lat,
                lon: b.min_lon + (b.max_lon - b.min_lon) * f64::from(k) / 100.0,
            })
            .find(|p| self.contains(*p))
            .unwrap_or(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Boundary {
        Boundary::new(vec![
            [105.70, 9.28],
            [105.74, 9.28],
            [105.74, 9.32],
            [105.70, 9.32],
            [105.70, 9.28],
        ])
        .unwrap()
    }

    #[test]
    fn a_point_is_inside_or_outside_the_ring() {
        let b = square();
        assert!(b.contains(Coordinates::new(9.30, 105.72).unwrap()));
        assert!(!b.contains(Coordinates::new(9.33, 105.72).unwrap()));
        assert!(!b.contains(Coordinates::new(9.30, 105.69).unwrap()));
    }

    #[test]
    fn a_concave_ring_leaves_out_its_notch() {
        // An L: the upper right quarter is not part of it.
        let l = Boundary::new(vec![
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 2.0],
            [0.0, 2.0],
        ])
        .unwrap();
        assert!(l.contains(Coordinates::new(0.5, 1.5).unwrap()));
        assert!(!l.contains(Coordinates::new(1.5, 1.5).unwrap()));
        assert!(l.contains(l.representative_point()));
    }

    #[test]
    fn distances_match_a_known_length() {
        // One hundredth of a degree of latitude is about 1.112 km.
        let a = Coordinates::new(9.30, 105.72).unwrap();
        let b = Coordinates::new(9.31, 105.72).unwrap();
        let d = a.distance_m(b);
        assert!((d - 1_111.95).abs() < 1.0, "{d}");
        let boxed = a.bounding_box(250.0);
        let east = Coordinates::new(9.30, 105.72 + 0.0022).unwrap();
        assert!(a.distance_m(east) < 250.0 && boxed.contains(east));
    }

    #[test]
    fn bad_numbers_and_rings_are_refused() {
        assert!(Coordinates::parse("91", "105").is_err());
        assert!(Coordinates::parse("9.3", "abc").is_err());
        assert!(Coordinates::parse("9.3", "").is_err());
        assert_eq!(Coordinates::parse(" ", "").unwrap(), None);
        assert_eq!(
            Coordinates::parse("9,3", "105,72").unwrap(),
            Some(Coordinates {
                lat: 9.3,
                lon: 105.72
            })
        );
        assert!(Boundary::new(vec![[0.0, 0.0], [1.0, 1.0]]).is_err());
        assert!(Boundary::from_json("[[0,0],[1,0],[1,200]]").is_err());
    }
}
