"""Role checks for views. A refused request gets 403 before anything changes."""
from functools import wraps

from flask import abort
from flask_login import current_user

from .models import Role


def roles_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


editors_only = roles_required(*Role.EDITORS)
