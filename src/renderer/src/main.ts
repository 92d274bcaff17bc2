import { createApp } from 'vue'
import App from './App.vue'
import { installStores } from './stores/install'
import { i18n } from './i18n'
import './styles/theme.css'

const app = createApp(App)
app.use(i18n)
installStores(app)
app.mount('#app')
