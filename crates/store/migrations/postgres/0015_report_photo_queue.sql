-- A photo is stored at filing as sent but without its metadata, and rendered (turned upright,
-- resized, encoded again) by the server's photo worker after. Until then it is pending: nothing
-- serves it. `orientation` is the EXIF orientation read before the metadata was cut out.
ALTER TABLE report_photo ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE report_photo ADD COLUMN orientation BIGINT NOT NULL DEFAULT 1;
CREATE INDEX report_photo_pending_idx ON report_photo (pending, sha256);

-- Nearby suggestions read the band of the index alone, then the few reports they show: the
-- report's id joins the indexed columns.
DROP INDEX place_report_near_idx;
CREATE INDEX place_report_near_idx ON place_report (category_code, grp, lat, lon, report_id);
