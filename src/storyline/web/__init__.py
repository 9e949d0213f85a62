"""The web app's pages: HTML shells and the scripts that fill them from the JSON API (storyline.web.pages)."""
