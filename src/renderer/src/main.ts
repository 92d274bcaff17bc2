import { createApp } from 'vue'
import App from './App.vue'
import { installStores } from './stores/install'
import './styles/theme.css'

const app = createApp(App)
installStores(app)
app.mount('#app')
