<?php
// Installs the test site once and prints its users' application passwords as shell assignments, keeping
// those of the last run when they still match (WordPress stores only their hashes).
// Arguments: the site URL, the state directory (holding the last run's credentials file).
[, $url, $state] = $argv;
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
define('WP_INSTALLING', true);

// Installing would e-mail the administrator; there is no mail here.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}

require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

if (!is_blog_installed()) {
    $result = wp_install('Weft test site', 'weft-admin', 'admin@weft.test', false, '', wp_generate_password(32));
    if (is_wp_error($result)) {
        fwrite(STDERR, 'wp_install: ' . $result->get_error_message() . "\n");
        exit(1);
    }
}
update_option('siteurl', $url);
update_option('home', $url);
update_option('permalink_structure', '/%postname%/');
$GLOBALS['wp_rewrite']->init();
flush_rewrite_rules(false);

$previous = [];
if (is_readable("$state/credentials")) {
    foreach (file("$state/credentials", FILE_IGNORE_NEW_LINES) as $line) {
        [$name, $value] = array_pad(explode('=', $line, 2), 2, '');
        $previous[$name] = $value;
    }
}

// login => [role, prefix of the printed names]
$users = [
    'weft-admin' => ['administrator', 'WORDPRESS'],
    'weft-subscriber' => ['subscriber', 'WORDPRESS_SUBSCRIBER'],
    'weft-throttled' => ['editor', 'WORDPRESS_THROTTLED'],
];
foreach ($users as $login => [$role, $prefix]) {
    $user = get_user_by('login', $login);
    if (!$user) {
        $id = wp_insert_user(['user_login' => $login, 'user_pass' => wp_generate_password(32),
            'user_email' => "$login@weft.test", 'role' => $role]);
        if (is_wp_error($id)) {
            fwrite(STDERR, "user $login: " . $id->get_error_message() . "\n");
            exit(1);
        }
        $user = get_user_by('id', $id);
    }
    $user->set_role($role);
    $password = $previous[$prefix . '_APP_PASSWORD'] ?? '';
    $valid = false;
    foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
        if ($password !== '' && wp_check_password($password, $item['password'], $user->ID)) {
            $valid = true;
        }
    }
    if (!$valid) {
        foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
            WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
        }
        $created = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'weft-tests']);
        if (is_wp_error($created)) {
            fwrite(STDERR, "application password of $login: " . $created->get_error_message() . "\n");
            exit(1);
        }
        $password = $created[0];
    }
    echo "{$prefix}_USER=$login\n{$prefix}_APP_PASSWORD=$password\n";
}
