# Roles are Django groups (see roles.py); no models of our own.
