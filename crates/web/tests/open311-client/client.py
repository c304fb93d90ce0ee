"""Drives motcua's /open311/v2 with civicbot, a GeoReport v2 client we did not write.

Usage: client.py BASE_URL API_KEY SERVICE_CODE LAT LONG
Prints one JSON object with what each call returned (or the HTTP error it raised), for the
Rust test to check.
"""
import json
import sys

from civicbot import Endpoint, HttpError, HttpTransport, Open311Client
from civicbot.http import RateLimiter

base, key, code, lat, lng = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
endpoint = Endpoint(id="motcua", name="motcua", base_url=base, write=True)
client = Open311Client(endpoint, HttpTransport(timeout=10, rate_limiter=RateLimiter(min_interval=0)))
out = {}
out["services"] = [s["service_code"] for s in client.list_services()]
definition = client.get_service_definition(code)
out["attributes"] = [a["code"] for a in definition.get("attributes", [])]
try:
    client.create_request(code, dry_run=False, confirm="SEND", api_key="not-a-key", lat=lat, lng=lng,
                          description="Cống nghẹt, nước tràn lên đường", attributes={"depth": "knee"})
    out["bad_key"] = "accepted"
except HttpError as e:
    out["bad_key"] = e.status
created = client.create_request(code, dry_run=False, confirm="SEND", api_key=key, lat=lat, lng=lng,
                                description="Cống nghẹt, nước tràn lên đường", attributes={"depth": "knee"},
                                email="nguoidan@example.invalid")
sid = created.response[0]["service_request_id"]
out["created"] = sid
listed = client.list_requests(service_code=code, status="open")
out["listed"] = [r["service_request_id"] for r in listed]
one = client.get_request(sid)
out["one"] = {"id": one["service_request_id"], "status": one["status"], "lat": one["lat"],
              "long": one["long"], "has_email": "nguoidan@example.invalid" in json.dumps(one)}
print(json.dumps(out))
