"""What every page needs: health check, security headers, error pages, safe redirects."""
