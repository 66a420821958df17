"""Cross-cutting protection: login required by default, and security headers.

Every endpoint needs a logged-in user unless it is listed in PUBLIC_ENDPOINTS, so a new
route is protected even when its author forgets.
"""
from flask import Flask, Response, abort, redirect, request, session, url_for
from flask_login import current_user

from app.auth.models import Role

# mentoring.survey: a respondent's private questionnaire link (teachers have no accounts).
# invitations.accept: a new account's single-use link where its person sets a password.
PUBLIC_ENDPOINTS = {"auth.login", "main.healthz", "static", "mentoring.survey", "invitations.accept"}
# A jury member's account (role "expert") works in competitions only.
EXPERT_BLUEPRINTS = {"competitions"}
EXPERT_ENDPOINTS = {"auth.logout", "main.index"}
# An association's leader (a teacher's account) works on their association's pages only.
LEADER_BLUEPRINTS = {"associations"}
LEADER_ENDPOINTS = {"auth.logout", "auth.account", "main.index"}
# The region's accounts work on the region's pages, and read a municipality's once they chose one
# there (app/region/): never a change to a municipality's records.
REGION_BLUEPRINTS = {"region"}
REGION_ENDPOINTS = {"auth.logout", "auth.account", "main.index", "registry.pick"}
# The region runs regional competitions in the competitions part; a municipality's competition
# reports there are read like the rest of a municipality's pages.
MUNICIPAL_COMPETITION_PAGES = {"competitions.report", "competitions.report_xlsx", "competitions.summary",
                               "competitions.staff_set", "competitions.kind_list", "competitions.kind_delete"}

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)


def _region_reads_only():
    if request.blueprint in REGION_BLUEPRINTS or request.endpoint in REGION_ENDPOINTS:
        return None
    if request.blueprint == "competitions" and request.endpoint not in MUNICIPAL_COMPETITION_PAGES:
        return None  # the region's own competitions (app/competitions/access.py keeps the rest read-only)
    if request.blueprint == "campaigns":
        return None  # the region's campaigns, answered by the municipalities (app/campaigns/access.py)
    from app.named_lists import ENDPOINTS as SHORT_LISTS
    if request.endpoint in SHORT_LISTS and current_user.role == Role.REGION_ADMIN:
        return None  # the region's short lists (app/named_lists.py)
    if request.method not in ("GET", "HEAD"):
        abort(403)
    from app.municipalities.scope import VIEWING
    if not session.get(VIEWING):  # which municipality? chosen on the region's page
        return redirect(url_for("region.index"))
    return None


def init_app(app: Flask) -> None:
    @app.before_request
    def require_login():
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if current_user.is_authenticated:
            if (current_user.role == Role.EXPERT and request.blueprint not in EXPERT_BLUEPRINTS
                    and request.endpoint not in EXPERT_ENDPOINTS):
                abort(403)
            if (current_user.role == Role.ASSOCIATION_LEADER and request.blueprint not in LEADER_BLUEPRINTS
                    and request.endpoint not in LEADER_ENDPOINTS):
                from app.plan.access import leader_may_open
                if not leader_may_open():  # their association's plan of work
                    abort(403)
            if current_user.role in Role.REGIONAL:
                return _region_reads_only()
            return None
        login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a table cell; send the browser there.
            return Response(status=401, headers={"HX-Redirect": login_url})
        if request.method != "GET":
            return Response("Требуется вход в систему.", status=401)
        return redirect(login_url)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if app.config["HTTPS"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
            # The same URL answers htmx with a fragment and a browser with a page.
            response.vary.add("HX-Request")
        return response
