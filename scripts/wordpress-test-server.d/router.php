<?php
// PHP's built-in server router for the test WordPress: existing files as they are, everything else (the
// pretty permalinks, /wp-json/...) through WordPress's index.php, as Apache's rewrite rules would.
$root = '/usr/share/wordpress';
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = realpath($root . urldecode($path));
if ($file !== false && str_starts_with($file, $root . '/') && is_file($file)) {
    if (!str_ends_with($file, '.php')) {
        return false;
    }
    chdir(dirname($file));
    require $file;
    return true;
}
chdir($root);
require $root . '/index.php';
