ALTER TABLE `tenants` ADD `bitrix24_app` text;
