<?php
/*
 * Plugin Name: Weft test rate limit
 * Description: Refuses every REST request of the user weft-throttled with 429 and the rate-limit headers,
 * the way REST rate-limiting plugins answer (WordPress core has no rate limit of its own), so that the
 * connector's tests meet a throttled WordPress. Other users are not affected.
 */
add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    if (wp_get_current_user()->user_login !== 'weft-throttled') {
        return $result;
    }
    $server->send_header('Retry-After', '7');
    $server->send_header('X-RateLimit-Limit', '60');
    $server->send_header('X-RateLimit-Remaining', '0');
    return new WP_Error('rest_rate_limited', 'Too many requests: wait before sending more.', ['status' => 429]);
}, 10, 3);
